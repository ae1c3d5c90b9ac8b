"""Run HTTPie's command line several times in one interpreter (the `http`
program is httpie.core.main; one process per request costs half a second).
Standard input: a JSON list of argument lists (what follows `http`). Prints
one JSON line per run, in order: the exit status `http` would have and
what it wrote to stderr."""
import io
import json
import os
import sys

from httpie.context import Environment
from httpie.core import main

for argv in json.load(sys.stdin):
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with open(os.devnull, "w") as devnull:
        env = Environment(stdout=devnull, stdout_isatty=False, stderr=err, stderr_isatty=False)
        try:
            status = int(main(["http"] + argv, env=env))
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else 1
        except Exception as e:  # the error is an observation, not a failure
            status, _ = 1, err.write(type(e).__name__ + ": " + str(e))
    err.flush()
    text = err.buffer.getvalue().decode("utf-8", "replace").strip()
    print(json.dumps({"exit": status, "stderr": text[-240:]}), flush=True)
