"""Send requests with Python's urllib.request (urlopen's default redirect
handling) for hops's differential test. Standard input: a JSON list of
jobs, each {method, url, body (text or null), headers ["Name: value"],
cafile}. Prints one JSON line per job, in order: the final status, or the
error."""
import json
import ssl
import sys
import urllib.error
import urllib.request

for a in json.load(sys.stdin):
    headers = {}
    for h in a["headers"]:
        name, _, value = h.partition(":")
        headers[name.strip()] = value.strip()
    body = a["body"].encode() if a["body"] is not None else None
    ctx = ssl.create_default_context(cafile=a["cafile"])
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx))
    try:
        req = urllib.request.Request(a["url"], data=body, headers=headers, method=a["method"])
        with opener.open(req, timeout=8) as r:
            r.read()
            out = {"status": r.status}
    except urllib.error.HTTPError as e:
        out = {"status": e.code, "error": "HTTPError: " + str(e)[:200]}
    except Exception as e:  # the error is an observation, not a failure
        out = {"error": type(e).__name__ + ": " + str(e)[:200]}
    print(json.dumps(out), flush=True)
