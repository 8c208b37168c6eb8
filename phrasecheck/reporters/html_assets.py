"""The HTML report's style sheet, and the script that runs first (html_script.py has the rest)."""

# Colours are 3-digit hex on purpose: a report checked with --redact must hold no 5-digit run.
# Long unbroken text (call ids, paths, names) is cut with «…» in narrow cells (the whole on hover)
# or broken anywhere, so no table grows past the page.
CSS = """
:root{--err:#c22;--warn:#d80;--info:#27c;--ok:#393;--line:#dde}
body{font:14px/1.45 system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#f5f6f8;color:#222}
main{max-width:1400px;margin:0 auto;padding:12px 24px 40px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:18px;margin:24px 0 8px}h3{font-size:15px;margin:0 0 4px}
h1,h3,.meta,.card,.unreadable,nav{overflow-wrap:anywhere}
.muted,.meta{color:#667;font-size:13px}
.cards,.charts{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px;align-items:flex-start}
.card,figure,.call{background:#fff;border:1px solid var(--line);border-radius:8px}
.card{padding:8px 16px;min-width:110px;max-width:100%}.card b{display:block;font-size:24px}
.partial,.unreadable{background:#fee;border:1px solid var(--err);border-radius:6px;padding:8px 12px;margin-top:12px}
figure{margin:0;padding:10px 12px;max-width:100%;overflow-x:auto}figcaption{font-weight:600;margin-bottom:6px}
svg.chart text{font-size:12px;fill:#333}
rect.bar{fill:#89a}rect.error,rect.low{fill:var(--err)}rect.warning,rect.mid{fill:var(--warn)}
rect.info{fill:var(--info)}rect.good{fill:var(--ok)}
.filters,.pager{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:8px 0}
.filters input{flex:1;max-width:360px}.filters input,.filters select{padding:4px 6px;font:inherit;max-width:100%}
.pager button{font:inherit;padding:2px 10px}
.scroller{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#e9edf2;position:sticky;top:0;user-select:none;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
table.list{table-layout:fixed;min-width:1150px}table.list th{cursor:pointer}
table.list td{overflow-wrap:anywhere}
table.list td.cut{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
col.file{width:6%}col.id{width:10%}col.agent{width:8%}col.num{width:4%}col.rule{width:11%}
col.level{width:10%}col.quote{width:9%}col.msg{width:23%}col.sugg{width:15%}
col.wide{width:24%}col.count{width:9.33%}table#calls{min-width:640px}
td.msg span{display:-webkit-box;-webkit-line-clamp:4;-webkit-box-orient:vertical;overflow:hidden}
td.sugg{white-space:pre-line}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.sev{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:12px;white-space:nowrap;
 max-width:100%;overflow:hidden;text-overflow:ellipsis;vertical-align:bottom}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
mark{background:#fdd;border-bottom:2px solid var(--err);color:inherit}
mark.warning{background:#fec;border-color:var(--warn)}mark.info{background:#def;border-color:var(--info)}
#viewer{position:fixed;top:0;right:0;bottom:0;width:min(960px,100%);overflow:auto;background:#f5f6f8;
 box-shadow:-4px 0 16px #0003;z-index:10;padding:0 14px 20px;box-sizing:border-box}
.viewer-bar{position:sticky;top:0;background:#f5f6f8;padding:8px 0;text-align:right;z-index:1}
.call{padding:10px 14px;margin-bottom:14px}.utt.target{outline:2px solid var(--info)}
.utt{display:grid;grid-template-columns:88px minmax(0,1fr) 38%;gap:12px;padding:5px 0;border-top:1px solid #eee}
.who{color:#667;font-size:12px}.said{white-space:pre-wrap;overflow-wrap:anywhere}.client .said{color:#555}
.notes,.call-notes{overflow-wrap:anywhere;min-width:0}
.notes p,.call-notes p{margin:0 0 6px;font-size:13px}.sugg{color:var(--ok)}.msg{color:#333}
p.ok{color:var(--ok)}mark.practice{background:#dfd;border-bottom:2px solid var(--ok)}
figure.wide{margin-top:12px;overflow-x:auto}
table.coverage{width:auto;font-size:12px}table.coverage th{position:static;white-space:normal;max-width:160px}
table.coverage td{text-align:right;min-width:44px}table.coverage tfoot td,table.coverage tfoot th{font-weight:600}
td.h1{background:#efe}td.h2{background:#cec}td.h3{background:#9d9}td.h4{background:#6b6}
ul.pages{columns:3 240px;padding-left:18px}ul.pages li{overflow-wrap:anywhere}
"""

# window.onerror is set first, in <head>, so an error anywhere on the page is recorded
HEAD_JS = ("window.pcErrors=[];window.addEventListener('error',function(e){"
           "window.pcErrors.push(String(e.message||e));});"
           "window.addEventListener('unhandledrejection',function(e){window.pcErrors.push(String(e.reason));});")
