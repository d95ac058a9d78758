"""GeoReport v2 documents in XML (required by the specification) and JSON (the same shape as arrays).

A view says how its data is wrapped in XML with `response.xml_root = ("service_requests", "request")`:
a list becomes repeated item elements under the root; a dict (a service definition) becomes the root's
children. Lists inside an item are named by LIST_ITEMS (`attributes` → `attribute`, `values` → `value`)."""

import re
import xml.etree.ElementTree as ET

from rest_framework.renderers import BaseRenderer, JSONRenderer

LIST_ITEMS = {"attributes": "attribute", "values": "value"}
# Characters XML 1.0 cannot carry at all (control characters other than tab, newline and return).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Open311JSONRenderer(JSONRenderer):
    charset = "utf-8"
    ensure_ascii = False
    format = "json"


class Open311XMLRenderer(BaseRenderer):
    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        root_tag, item_tag = getattr(response, "xml_root", ("errors", "error"))
        root = ET.Element(root_tag)
        if isinstance(data, dict):
            _fill(root, data)
        else:
            for item in data or []:
                _fill(ET.SubElement(root, item_tag), item)
        body = ET.tostring(root, encoding="unicode")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


def _fill(element: ET.Element, data: dict) -> None:
    for name, value in data.items():
        child = ET.SubElement(element, name)
        if isinstance(value, list):
            for item in value:
                _fill(ET.SubElement(child, LIST_ITEMS.get(name, "item")), item)
        else:
            child.text = _text(value)


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("", str(value))
