r"""HTML views of the graph for the explorer (no Streamlit here, so it is testable).

Article text is untrusted. Node tooltips are always rendered by pyvis's HTML
popup (``tooltip_link``), and every tooltip is escaped with ``html.escape``;
labels are drawn on the canvas as text. The vis-network library is inlined,
so the page needs no network.

>>> import networkx as nx
>>> g = nx.DiGraph()
>>> g.add_node("m", label="<b>x</b>", kind="Move", detail="<script>alert(1)</script>")
>>> page = network_html(g)
>>> "<script>alert(1)" in page, "lt;script&gt;alert(1)" in page.replace("\\u0026", "&")
(False, True)
"""

from __future__ import annotations

import html
import re

import networkx as nx
from pyvis.network import Network

STYLE = {  # kind -> (colour, shape)
    "Company": ("#1f77b4", "dot"),
    "Move": ("#ff7f0e", "diamond"),
    "Trend": ("#2ca02c", "triangle"),
    "Article": ("#7f7f7f", "square"),
    "Person": ("#d62728", "star"),
}
SERVER_LAYOUT_ABOVE = 200  # nodes; past this, networkx lays out and physics is off


def distinct(labels: list[str]) -> list[str]:
    """Labels made unique by numbering repeats: a select box sends back the label, not the option.

    >>> distinct(["Riot: AssetSale", "MARA", "Riot: AssetSale"])
    ['Riot: AssetSale', 'MARA', 'Riot: AssetSale (2)']
    """
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


class _EscapedTooltipNetwork(Network):
    """pyvis Network whose node tooltips are always the (escaped) HTML popup.

    pyvis switches tooltips to innerHTML only when some title contains "href";
    forcing one mode means one escaping rule holds for every title.
    """

    def generate_html(self, name="index.html", local=True, notebook=False):
        nodes, edges, _heading, height, width, options = self.get_network_data()
        return self.templateEnv.get_template(self.path).render(
            height=height,
            width=width,
            nodes=nodes,
            edges=edges,
            heading="",
            options=options,
            physics_enabled=self.options.physics.enabled,
            use_DOT=False,
            dot_lang=None,
            widget=False,
            bgcolor=self.bgcolor,
            conf=False,
            tooltip_link=True,
            neighborhood_highlight=False,
            select_menu=False,
            filter_menu=False,
            notebook=False,
            cdn_resources=self.cdn_resources,
        )


# pyvis's template links Bootstrap from a CDN for menus this view never shows.
_REMOTE = re.compile(r"""<(?:link|script)\b[^>]*(?:href|src)\s*=\s*["']https?://[^>]*>(?:\s*</script>)?""")


def _tooltip(data: dict) -> str:
    lines = [f"{data.get('kind', '')}: {data.get('label', '')}"]
    if data.get("detail"):
        lines.append(f"“{data['detail']}”")
    return "<br>".join(html.escape(line) for line in lines)


def network_html(graph: nx.DiGraph, height: str = "600px", positions: dict | None = None) -> str:
    """A self-contained HTML page drawing ``graph`` with pyvis.

    ``positions`` (node -> (x, y) in pixels) places every node and turns physics off;
    without it, a graph of more than ``SERVER_LAYOUT_ABOVE`` nodes is laid out here.
    """
    net = _EscapedTooltipNetwork(height=height, width="100%", directed=True, cdn_resources="in_line")
    if positions is None and graph.number_of_nodes() > SERVER_LAYOUT_ABOVE:
        positions = nx.spring_layout(graph, seed=7, scale=1000)
    if positions:
        net.toggle_physics(False)
    for node, data in graph.nodes(data=True):
        colour, shape = STYLE.get(data.get("kind"), ("#9467bd", "dot"))
        label = str(data.get("label", node))
        extra = {"x": float(positions[node][0]), "y": float(positions[node][1])} if positions else {}
        net.add_node(
            str(node),
            label=label if len(label) <= 40 else label[:39] + "…",
            title=_tooltip(data),
            color=colour,
            shape=shape,
            **extra,
        )
    for source, target, data in graph.edges(data=True):
        net.add_edge(str(source), str(target), label=str(data.get("label", "")))
    return _REMOTE.sub("", net.generate_html())
