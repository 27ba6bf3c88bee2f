"""The report's stylesheet, inlined into the page: system fonts only, cards in a responsive grid.

Printed, the page is a set of handouts: one group card per page, nothing else (the measures, the
figures and the unassigned are the coordinator's, marked `screen-only`). Colours come from `palette`,
where each pair used here is listed and checked for contrast.
"""

from groupformer.export.palette import BAD, CARD, CHIP, GOOD, INK, MAP_BACKGROUND, MUTED, PAGE, SOFT_INK

SCREEN = f"""
*{{box-sizing:border-box}}
body{{margin:0;padding:28px 32px 48px;background:{PAGE};color:{INK};
 font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}}
h1{{margin:0 0 4px;font-size:26px}}
h2{{margin:32px 0 12px;font-size:18px}}
header.page p{{margin:0;color:{MUTED}}}
.note{{color:{MUTED};margin:0 0 10px;max-width:80ch}}
.measures{{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:10px;margin-top:20px}}
.measure{{background:{CARD};border-radius:10px;padding:10px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}}
.measure .label{{font-size:12px;color:{MUTED};font-family:ui-monospace,Menlo,Consolas,monospace}}
.measure .value{{font-size:22px;font-weight:650}}
.measure .hint{{font-size:12px;color:{MUTED}}}
.measure.good .value{{color:{GOOD}}}.measure.bad .value{{color:{BAD}}}
.violations li{{color:{BAD}}}
.cards{{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}}
.group-card{{background:{CARD};border-radius:10px;border-top:5px solid var(--accent);padding:12px 16px 14px;
 box-shadow:0 1px 2px rgba(0,0,0,.08)}}
.group-card header{{display:flex;align-items:baseline;gap:10px;flex-wrap:wrap}}
.group-card h3{{margin:0;font-size:17px;color:var(--accent)}}
.focus{{font-weight:600}}
.chips{{margin:6px 0;display:flex;gap:6px;flex-wrap:wrap}}
.chips span{{background:{CHIP};border-radius:999px;padding:1px 9px;font-size:12px}}
.when,.where,.scores{{margin:2px 0;color:{SOFT_INK}}}
.when{{font-weight:600}}
table{{border-collapse:collapse;width:100%}}
.members{{margin-top:8px}}
th{{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:{MUTED};font-weight:600}}
td,th{{padding:4px 6px 4px 0;border-top:1px solid #eef0f3;vertical-align:top}}
.small{{display:block;color:{MUTED};font-size:12px}}
.id{{color:{MUTED};font-size:12px;white-space:nowrap}}
.km{{white-space:nowrap}}
.unassigned table{{background:{CARD};border-radius:10px;box-shadow:0 1px 2px rgba(0,0,0,.08)}}
.unassigned td,.unassigned th{{padding:6px 10px}}
.unassigned ul{{margin:0;padding-left:16px}}
.suggestion{{list-style:"✓ "}}
.lands{{font-weight:600;white-space:nowrap}}
.overview{{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:0 24px}}
.figure{{background:{CARD};border-radius:10px;padding:12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}}
.figure svg{{width:100%;height:auto;display:block}}
.maps.insets{{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}}
.map-region{{margin:0}}
.map-region figcaption{{font-weight:600;margin:0 0 4px}}
.scatter-map{{background:{MAP_BACKGROUND}}}
.legend{{list-style:none;padding:0;margin:8px 0;display:flex;gap:14px;flex-wrap:wrap}}
.swatch{{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:5px;vertical-align:-1px}}
"""

PRINT = f"""
@media print{{
 @page{{margin:16mm}}
 body{{background:{CARD};padding:0;font-size:13pt}}
 .screen-only{{display:none !important}}
 .cards{{display:block}}
 .group-card{{box-shadow:none;border:1px solid #d1d5db;border-top:6px solid var(--accent);border-radius:0;
  break-inside:avoid;page-break-inside:avoid}}
 .group-card+.group-card{{break-before:page;page-break-before:always}}
 .group-card h3{{font-size:20pt}}
 tr{{break-inside:avoid;page-break-inside:avoid}}
}}
"""

STYLE = SCREEN + PRINT
