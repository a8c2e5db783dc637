"""Prints how many test cases a schemathesis run generated, from its NDJSON event report(s) (one case is one
generated request, its checks and any follow-up calls): the sum over the finished scenarios of their recorded cases."""
import json
import sys

cases = 0
for path in sys.argv[1:]:
    with open(path) as events:
        for line in events:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if finished:
                cases += len(finished.get("recorder", {}).get("cases", {}))
print(cases)
