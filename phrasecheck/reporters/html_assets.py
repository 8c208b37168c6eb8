"""The HTML report's style sheet and scripts (filtering, sorting, the page's self-test)."""

RULE_COLUMN = 5  # «Правило» in html.COLUMNS: the column the page's self-test sorts by

# Colours are 3-digit hex on purpose: a report checked with --redact must hold no 5-digit run.
CSS = """
:root{--err:#c22;--warn:#d80;--info:#27c;--ok:#393;--line:#dde}
body{font:14px/1.45 system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;background:#f5f6f8;color:#222}
main{max-width:1240px;margin:0 auto;padding:12px 24px 40px}
h1{font-size:22px;margin:8px 0 2px}h2{font-size:18px;margin:24px 0 8px}h3{font-size:15px;margin:0 0 4px}
.muted,.meta{color:#667;font-size:13px}
.cards,.charts{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px;align-items:flex-start}
.card,figure,.call{background:#fff;border:1px solid var(--line);border-radius:8px}
.card{padding:8px 16px;min-width:110px}.card b{display:block;font-size:24px}
.partial,.unreadable{background:#fee;border:1px solid var(--err);border-radius:6px;padding:8px 12px;margin-top:12px}
figure{margin:0;padding:10px 12px}figcaption{font-weight:600;margin-bottom:6px}
svg.chart text{font-size:12px;fill:#333}
rect.bar{fill:#89a}rect.error,rect.low{fill:var(--err)}rect.warning,rect.mid{fill:var(--warn)}
rect.info{fill:var(--info)}rect.good{fill:var(--ok)}
.filters{display:flex;gap:8px;align-items:center;margin-bottom:8px}
.filters input{flex:1;max-width:360px}.filters input,.filters select{padding:4px 6px;font:inherit}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#e9edf2;position:sticky;top:0;user-select:none;white-space:nowrap}
td:nth-child(2),td:nth-child(4),td:nth-child(5),td:nth-child(6){white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
.sev{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:12px;white-space:nowrap}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
mark{background:#fdd;border-bottom:2px solid var(--err);color:inherit}
mark.warning{background:#fec;border-color:var(--warn)}mark.info{background:#def;border-color:var(--info)}
.call{padding:10px 14px;margin-bottom:14px}.call:target,.utt:target{outline:2px solid var(--info)}
.utt{display:grid;grid-template-columns:88px 1fr 36%;gap:12px;padding:5px 0;border-top:1px solid #eee}
.who{color:#667;font-size:12px}.said{white-space:pre-wrap}.client .said{color:#555}
.notes p,.call-notes p{margin:0 0 4px;font-size:13px}.sugg{color:var(--ok)}
p.ok{color:var(--ok)}mark.practice{background:#dfd;border-bottom:2px solid var(--ok)}
figure.wide{margin-top:12px;overflow-x:auto}
table.coverage{width:auto;font-size:12px}table.coverage th{cursor:default;position:static;white-space:normal}
table.coverage td{text-align:right;min-width:44px}table.coverage tfoot td,table.coverage tfoot th{font-weight:600}
td.h1{background:#efe}td.h2{background:#cec}td.h3{background:#9d9}td.h4{background:#6b6}
"""

# window.onerror is set first, in <head>, so an error anywhere on the page is recorded;
# `#selftest&rule=ID&q=TEXT` makes the page test itself and write what it saw into the DOM.
HEAD_JS = ("window.pcErrors=[];window.addEventListener('error',function(e){"
           "window.pcErrors.push(String(e.message||e));});")
JS = r"""
(function(){
var table=document.getElementById('violations'),rows=[],body=null,
  q=document.getElementById('q'),sev=document.getElementById('sev'),rule=document.getElementById('rule');
if(table){body=table.tBodies[0];rows=Array.prototype.slice.call(body.rows);}
function apply(){
  var text=q.value.trim().toLowerCase(),n=0;
  rows.forEach(function(r){
    var ok=(!sev.value||r.dataset.severity===sev.value)&&(!rule.value||r.dataset.rule===rule.value)&&
      (!text||r.textContent.toLowerCase().indexOf(text)>=0);
    r.hidden=!ok;if(ok)n++;});
  document.getElementById('shown').textContent=n+' из '+rows.length;
  return n;}
function key(r,i){var c=r.cells[i];return c.hasAttribute('data-sort')?c.getAttribute('data-sort'):c.textContent.trim();}
function sortBy(th){
  var i=th.cellIndex,num=th.dataset.type==='num',dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
  Array.prototype.forEach.call(th.parentNode.cells,function(h){h.removeAttribute('aria-sort');});
  th.setAttribute('aria-sort',dir>0?'ascending':'descending');
  rows.sort(function(a,b){
    var x=key(a,i),y=key(b,i);
    if(num){x=x===''?-1:parseFloat(x);y=y===''?-1:parseFloat(y);return dir*(x-y);}
    return dir*x.localeCompare(y,'ru');});
  rows.forEach(function(r){body.appendChild(r);});}
if(table){
  q.addEventListener('input',apply);sev.addEventListener('change',apply);rule.addEventListener('change',apply);
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th){
    th.addEventListener('click',function(){sortBy(th);});});
  apply();}
// a practice's title names its techniques; their messages are written once, in the heat-map's header
var told={};
Array.prototype.forEach.call(document.querySelectorAll('table.coverage thead th[title]'),function(th){
  told[th.textContent]=th.title;});
Array.prototype.forEach.call(document.querySelectorAll('mark.practice'),function(m){
  m.title=m.title.split('\n').map(function(t){var id=t.slice(2);return told[id]?t+' — '+told[id]:t;}).join('\n');});
if(location.hash.indexOf('#selftest')===0){
  var p=new URLSearchParams(location.hash.slice(9)),res={};
  res.charts=Array.prototype.filter.call(document.querySelectorAll('svg.chart'),function(s){
    return s.querySelector('rect.bar');}).length;
  res.rowsTotal=rows.length;
  if(table){
    rule.value=p.get('rule')||'';q.value=p.get('q')||'';res.rule=rule.value;res.rowsVisible=apply();
    var th=table.tHead.rows[0].cells[%(rule_column)d],
      col=function(){return rows.map(function(r){return key(r,%(rule_column)d);});};
    th.click();var up=col();th.click();var down=col();
    res.sorted=up.join('\n')===up.slice().sort(function(a,b){return a.localeCompare(b,'ru');}).join('\n')&&
      down.join('\n')===up.slice().reverse().join('\n');}
  res.marks=document.querySelectorAll('.said mark').length;
  res.practiceTitles=Array.prototype.map.call(document.querySelectorAll('.said mark.practice'),function(m){
    return m.title;});
  res.coverageRows=document.querySelectorAll('table.coverage tbody tr').length;
  res.errors=window.pcErrors;
  document.body.dataset.selftest=JSON.stringify(res);}
})();
""" % {"rule_column": RULE_COLUMN}
