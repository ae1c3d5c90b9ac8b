"""Send requests with python-requests, following redirects as it does by
default, for hops's differential test. Standard input: a JSON list of jobs,
each {method, url, body (text or null), headers ["Name: value"], cafile}.
Prints one JSON line per job, in order: the final status and redirects
followed, or the error."""
import json
import sys

import requests

for a in json.load(sys.stdin):
    headers = {}
    for h in a["headers"]:
        name, _, value = h.partition(":")
        headers[name.strip()] = value.strip()
    body = a["body"].encode() if a["body"] is not None else None
    try:
        r = requests.request(a["method"], a["url"], data=body, headers=headers,
                             verify=a["cafile"], timeout=8, allow_redirects=True)
        out = {"status": r.status_code, "redirects": len(r.history)}
    except Exception as e:  # the error is an observation, not a failure
        out = {"error": type(e).__name__ + ": " + str(e)[:200]}
    print(json.dumps(out), flush=True)
