"""Compares a Slither JSON report with the checked-in triage file; exit 1 on an untriaged finding or a stale entry.

A finding is named by its detector, contract and the function or variable it is about (not by line numbers, which
move with every edit): e.g. `timestamp ConsentRegistry._isLive(address,address,bytes32,uint8)`.
"""
import collections
import json
import sys


def finding_key(result):
    element = result["elements"][0]
    fields = element.get("type_specific_fields", {})
    if element["type"] == "variable":
        function = fields.get("parent", {})
        contract = function.get("type_specific_fields", {}).get("parent", {}).get("name", "?")
        where = f"{contract}.{function.get('name', '?')}:{element['name']}"
    else:
        contract = fields.get("parent", {}).get("name", "?")
        where = f"{contract}.{fields.get('signature', element['name'])}"
    return f"{result['check']} {where}"


def main(report_path, triage_path):
    report = json.load(open(report_path))
    if not report.get("success"):
        print(f"slither failed: {report.get('error')}", file=sys.stderr)
        return 1
    findings = collections.OrderedDict()
    for result in report["results"].get("detectors", []):
        findings.setdefault(finding_key(result), result)
    triage = {entry["finding"]: entry for entry in json.load(open(triage_path))["findings"]}
    by_impact = collections.Counter(result["impact"] for result in findings.values())
    print(f"slither: {len(findings)} findings ("
          + ", ".join(f"{impact} {count}" for impact, count in sorted(by_impact.items())) + ")")
    untriaged = [key for key in findings if key not in triage]
    stale = [key for key in triage if key not in findings]
    for key, result in findings.items():
        state = "triaged" if key in triage else "UNTRIAGED"
        print(f"  [{result['impact']}/{result['confidence']}] {key}: {state}")
    for key in untriaged:
        print(f"UNTRIAGED: {key}\n  {findings[key]['description'].strip()}", file=sys.stderr)
    for key in stale:
        print(f"STALE triage entry (no such finding any more): {key}", file=sys.stderr)
    missing_reason = [key for key, entry in triage.items() if not entry.get("reason", "").strip()]
    for key in missing_reason:
        print(f"triage entry without a reason: {key}", file=sys.stderr)
    return 1 if untriaged or stale or missing_reason else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
