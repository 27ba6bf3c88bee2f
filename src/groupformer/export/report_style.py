"""The report's stylesheet, inlined into the page: system fonts only, cards in a responsive grid."""

STYLE = """
*{box-sizing:border-box}
body{margin:0;padding:28px 32px 48px;background:#f4f6f9;color:#1f2937;
 font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{margin:0 0 4px;font-size:26px}
h2{margin:32px 0 12px;font-size:18px}
header.page p{margin:0;color:#4b5563}
.note{color:#4b5563;margin:0 0 10px;max-width:80ch}
.measures{display:grid;grid-template-columns:repeat(auto-fill,minmax(128px,1fr));gap:10px;margin-top:20px}
.measure{background:#fff;border-radius:10px;padding:10px 14px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.measure .label{font-size:12px;color:#6b7280;font-family:ui-monospace,Menlo,Consolas,monospace}
.measure .value{font-size:22px;font-weight:650}
.measure .hint{font-size:12px;color:#6b7280}
.measure.good .value{color:#15803d}.measure.bad .value{color:#b91c1c}
.violations li{color:#b91c1c}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
.group-card{background:#fff;border-radius:10px;border-top:5px solid var(--accent);padding:12px 16px 14px;
 box-shadow:0 1px 2px rgba(0,0,0,.08)}
.group-card header{display:flex;align-items:baseline;gap:10px;flex-wrap:wrap}
.group-card h3{margin:0;font-size:17px;color:var(--accent)}
.focus{font-weight:600}
.chips{margin:6px 0;display:flex;gap:6px;flex-wrap:wrap}
.chips span{background:#eef2f7;border-radius:999px;padding:1px 9px;font-size:12px}
.when,.where{margin:2px 0;color:#374151}
.when{font-weight:600}
table{border-collapse:collapse;width:100%}
.members{margin-top:8px}
th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:#6b7280;font-weight:600}
td,th{padding:4px 6px 4px 0;border-top:1px solid #eef0f3;vertical-align:top}
.small{display:block;color:#6b7280;font-size:12px}
.id{color:#6b7280;font-size:12px;white-space:nowrap}
.km{white-space:nowrap}
.unassigned table{background:#fff;border-radius:10px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.unassigned td,.unassigned th{padding:6px 10px}
.unassigned ul{margin:0;padding-left:16px}
.overview{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:0 24px}
.figure{background:#fff;border-radius:10px;padding:12px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
.figure svg{width:100%;height:auto;display:block}
.legend{list-style:none;padding:0;margin:8px 0;display:flex;gap:14px;flex-wrap:wrap}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:5px;vertical-align:-1px}
"""
