"""Read a schemathesis JUnit report: exit 1 when any operation failed a check, print tool errors apart."""

import sys
import xml.etree.ElementTree as ET

failed, tool_errors, cases = [], [], 0
for case in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    cases += 1
    for failure in case.findall("failure"):
        failed.append(f"{case.get('name')}: {(failure.get('message') or failure.text or '').strip()[:300]}")
    for error in case.findall("error"):
        tool_errors.append(f"{case.get('name')}: {(error.get('message') or error.text or '').strip()[:200]}")
for line in tool_errors:
    print("schemathesis could not test (not counted):", line)
for line in failed:
    print("FAILED:", line)
print(f"fuzz verdict: {cases} operations, {len(failed)} failed, {len(tool_errors)} not testable")
sys.exit(1 if failed else 0)
