from __future__ import annotations

from workflow.cli import main

if __name__ == "__main__":
    main()
