"""Differential sweep of pressflow against GNU gettext 0.21 over real PO files (a manual tool, not a test).

    PYTHONPATH=. python3 tests/gettext_sweep.py OUT.jsonl FILE.po ...   (CHECKS=fmt,check,merge,draft)

Appends one JSON line per file: ``fmt`` (``pressflow fmt`` = ``msgcat`` bytes), ``check`` (msgfmt -c
rejects the file exactly when msgfmt_problems is not empty, and each msgfmt error line is a
``pressflow check`` error line), ``merge`` (merge_catalog = ``msgmerge --previous`` bytes, with the
first .pot found up to two folders above), ``draft`` (``translate --engine pseudo`` keeps translated
entries byte-identical and, with the drafts' fuzzy flags cleared, msgfmt -c accepts the file).
Each check has a 120 s limit. The locale comes from the file name or a parent folder.
Used for the sweep of issue 18 over ~430 files of 19 public projects (tests/data/po/real/README.md).
"""
import json, os, re, shutil, signal, subprocess, sys, tempfile, time, traceback
from pathlib import Path
from click.testing import CliRunner
from workflow.cli import cli
from workflow.catalogs import load_catalog, merge_catalog
from workflow.catalogs.write import encode_catalog
from po_blocks import translated_blocks  # tests/ is the script's folder

CHECKS = os.environ.get("CHECKS", "fmt,check,merge,draft").split(",")
LOC_RE = re.compile(r"^[a-z]{2,3}(_[A-Z][A-Za-z]+)?(@\w+)?$")

class Timeout(Exception):
    pass

def _alarm(*_):
    raise Timeout()
signal.signal(signal.SIGALRM, _alarm)

def run_cli(args, cwd):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(cli, args, catch_exceptions=True)
        return r
    finally:
        os.chdir(old)

def locale_of(path: Path):
    for part in [path.stem.replace("-", "_")] + [p for p in reversed(path.parts[:-1])]:
        if LOC_RE.match(part) and part not in ("po", "locale"):
            return part
    return None

def first_diff(a: bytes, b: bytes):
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return i + 1, x[:200].decode("utf-8", "replace"), y[:200].decode("utf-8", "replace")
    return min(len(la), len(lb)) + 1, "<len>", f"{len(la)} vs {len(lb)}"

def do_fmt(path, tmp):
    ref = subprocess.run(["msgcat", str(path)], capture_output=True, timeout=60)
    copy = tmp / path.name
    shutil.copy(path, copy)
    r = run_cli(["fmt", str(copy)], tmp)
    if r.exit_code != 0:
        return {"ok": ref.returncode != 0, "pf_exit": r.exit_code, "pf_out": r.output[-500:],
                "mc_exit": ref.returncode, "mc_err": ref.stderr.decode(errors="replace")[-500:]}
    if ref.returncode != 0:
        return {"ok": False, "mc_exit": ref.returncode, "mc_err": ref.stderr.decode(errors="replace")[-500:]}
    got = copy.read_bytes()
    if got == ref.stdout:
        return {"ok": True}
    return {"ok": False, "diff": first_diff(got, ref.stdout)}

ERR_RE = re.compile(r"^(.*?):(\d+): (.*)$")

def do_check(path, tmp):
    ref = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, timeout=60)
    mlines = {}
    for line in ref.stderr.decode(errors="replace").splitlines():
        m = ERR_RE.match(line)
        if m and m.group(1) == str(path) and not m.group(3).startswith(("warning", "...")) and not m.group(3).endswith("..."):
            mlines.setdefault(int(m.group(2)), []).append(m.group(3))
    args = ["check", "--no-warnings"]
    loc = locale_of(path)
    if loc:
        args += ["--locale", loc]
    r = run_cli(args + [str(path)], tmp)
    plines = {}
    for line in r.output.splitlines():
        m = ERR_RE.match(line)
        if m and "error" in m.group(3):
            plines.setdefault(int(m.group(2)), []).append(m.group(3))
    res = {"mc_rc": ref.returncode, "pf_rc": r.exit_code, "mc_lines": sorted(mlines), "pf_lines": sorted(plines)}
    if r.exception and not isinstance(r.exception, SystemExit):
        res["exc"] = "".join(traceback.format_exception(r.exception))[-1500:]
    from workflow.catalogs.validate import msgfmt_problems
    try:
        probs = msgfmt_problems(load_catalog(path))
        res["lib"] = [(p.line, p.message[:100]) for p in probs][:10]
    except Exception as exc:
        probs = [exc]
        res["lib"] = [repr(exc)[:300]]
    res["ok"] = (ref.returncode != 0) == bool(probs) and set(mlines) <= set(plines) and "exc" not in res
    if not res["ok"]:
        res["mc_err"] = ref.stderr.decode(errors="replace")[-1500:]
        res["pf_out"] = r.output[-1500:]
    return res

def do_merge(path, pot, tmp):
    ref = subprocess.run(["msgmerge", "--previous", "-q", "-o", "-", str(path), str(pot)], capture_output=True, timeout=120)
    try:
        cat = load_catalog(path)
        merge_catalog(cat, load_catalog(pot))
        got = encode_catalog(cat)
    except Exception as exc:
        return {"ok": ref.returncode != 0, "exc": repr(exc)[:500], "mc_rc": ref.returncode}
    if ref.returncode != 0:
        return {"ok": False, "mc_rc": ref.returncode, "mc_err": ref.stderr.decode(errors="replace")[-500:]}
    if got == ref.stdout:
        return {"ok": True}
    return {"ok": False, "diff": first_diff(got, ref.stdout)}

def do_draft(path, tmp):
    pre = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, timeout=60)
    if pre.returncode != 0:
        return {"ok": True, "skipped": "msgfmt rejects input"}
    copy = tmp / "d" / path.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(path, copy)
    before = translated_blocks(load_catalog(copy), skip_unparsable=True)
    loc = locale_of(path)
    r = run_cli(["translate", "--engine", "pseudo", *(["--locale", loc] if loc else []), str(copy)], tmp)
    res = {"exit": r.exit_code}
    if r.exception and not isinstance(r.exception, SystemExit):
        res["exc"] = "".join(traceback.format_exception(r.exception))[-1500:]
        res["ok"] = False
        return res
    if r.exit_code != 0:
        res.update(ok=False, out=r.output[-800:])
        return res
    cat = load_catalog(copy)
    after = translated_blocks(cat, skip_unparsable=True)
    changed = [k for k, b in before.items() if after.get(k) != b]
    for e in cat:
        if "pressflow: draft" in (e.tcomment or "") and "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    out = tmp / "cleared.po"
    out.write_bytes(encode_catalog(cat))
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(out)], capture_output=True, timeout=60)
    res.update(changed=[repr(k)[:200] for k in changed[:5]], n_changed=len(changed), msgfmt_rc=done.returncode,
               msgfmt_err=done.stderr.decode(errors="replace")[-1500:])
    res["ok"] = not changed and done.returncode == 0
    return res

def main() -> None:
    out = open(sys.argv[1], "a")
    for name in sys.argv[2:]:
        path = Path(name).resolve()
        rec = {"file": str(path)}
        pots = []
        for parent in list(path.parents)[:3]:
            pots = sorted(parent.glob("*.pot"))
            if pots:
                break
        for check in CHECKS:
            tmp = Path(tempfile.mkdtemp(prefix="sweep"))
            t0 = time.time()
            signal.alarm(120)
            try:
                if check == "fmt":
                    rec[check] = do_fmt(path, tmp)
                elif check == "check":
                    rec[check] = do_check(path, tmp)
                elif check == "merge":
                    if pots and path.suffix == ".po":
                        rec[check] = do_merge(path, pots[0], tmp)
                elif check == "draft" and path.suffix == ".po":
                    rec[check] = do_draft(path, tmp)
            except Timeout:
                rec[check] = {"ok": False, "timeout": True}
            except Exception as exc:
                rec[check] = {"ok": False, "sweep_exc": "".join(traceback.format_exception(exc))[-1500:]}
            finally:
                signal.alarm(0)
                shutil.rmtree(tmp, ignore_errors=True)
            if check in rec:
                rec[check]["secs"] = round(time.time() - t0, 2)
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
