"""The review web app (``pressflow serve``): accounts, pages and actions over the workspace.

Modules: :mod:`.users` (accounts file, argon2), :mod:`.security` (CSRF, login
rate limiting, headers), :mod:`.service` (composes the review/status/build/memory
library functions), :mod:`.app` (Starlette routes, ``create_app``), :mod:`.server` (uvicorn).
"""
