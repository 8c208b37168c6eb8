"""The HTML report's script: the violations and calls tables drawn a page of rows at a time
from the data block (filtered, sorted), a call's transcript inflated and shown when it is
opened, and the page's self-test.

`#c12` or `#c12-u5` opens call 12 (at its utterance 5): the tables link there, so the
browser's Back closes it. `#selftest&rule=ID&q=TEXT&open=first|all` makes the page test
itself and write what it saw into <body data-selftest> (tests/test_html_*.py read it).
`<body data-ready>` is the time in ms from navigation to the first rows shown.
"""

JS = r"""
(function(){
var el=function(id){return document.getElementById(id);},block=el('pc-data'),
  D=block?JSON.parse(block.textContent):null;
var P=D&&D.page,S=P?P.strings:[],T=D?D.titles:{},SEV=['','info','warning','error'],lists={};
var collator=new Intl.Collator('ru',{numeric:true});
function str(i){return i==null||i<0?'':S[i];}
function clock(s){if(s==null)return '—';s=Math.floor(s);var m=Math.floor(s/60),h=Math.floor(m/60),p=function(n){
  return (n<10?'0':'')+n;};
  return h?h+':'+p(m%60)+':'+p(s%60):p(m)+':'+p(s%60);}
function node(tag,cls,text,title){var e=document.createElement(tag);if(cls)e.className=cls;
  if(text!=null)e.textContent=text;if(title)e.title=title;return e;}
function link(text,n,u){var a=node('a',null,text||'—');a.href='#c'+n+(u==null?'':'-u'+u);return a;}
// a file's name in its cell (a night's files share a long folder), its whole path on hover
function file(path){return function(x){var p=path(x);return node('span',null,p.slice(Math.max(p.lastIndexOf('/'),
  p.lastIndexOf('\\'))+1),p);};}
function List(name,items,columns,test){
  var table=el(name),body=table.tBodies[0],q=el(name+'-q'),shown=el(name+'-shown'),pager=el(name+'-pager'),
    ths=table.tHead.rows[0].cells,texts=[],view=[],page=0,per=100,self={};
  function text(i){if(texts[i]==null)texts[i]=columns.map(function(c){
    return String(c.key(items[i])==null?'':c.text?c.text(items[i]):c.key(items[i]));}).join('\n').toLowerCase();
    return texts[i];}
  self.apply=function(){var t=q.value.trim().toLowerCase();view=[];
    for(var i=0;i<items.length;i++)if((!test||test(items[i]))&&(!t||text(i).indexOf(t)>=0))view.push(i);
    if(self.sorted!=null)sort(self.sorted,self.dir);page=0;self.render();return view.length;};
  function sort(c,dir){var key=columns[c].key,num=columns[c].num;
    view.sort(function(a,b){var x=key(items[a]),y=key(items[b]);
      if(num){x=x==null?-1:x;y=y==null?-1:y;return dir*(x-y)||a-b;}
      return dir*collator.compare(x==null?'':String(x),y==null?'':String(y))||a-b;});}
  self.sortBy=function(c){var dir=self.sorted===c&&self.dir>0?-1:1;self.sorted=c;self.dir=dir;
    Array.prototype.forEach.call(ths,function(h){h.removeAttribute('aria-sort');});
    ths[c].setAttribute('aria-sort',dir>0?'ascending':'descending');sort(c,dir);page=0;self.render();};
  self.render=function(){var pages=Math.max(1,Math.ceil(view.length/per)),frag=document.createDocumentFragment();
    page=Math.min(Math.max(page,0),pages-1);
    view.slice(page*per,page*per+per).forEach(function(i){var tr=document.createElement('tr');
      columns.forEach(function(c){var td=document.createElement('td'),v=c.cell(items[i],i);
        if(c.css)td.className=c.css;
        if(typeof v==='string'){td.textContent=v;if(c.css&&c.css.indexOf('cut')>=0)td.title=v;
          }else if(v)td.appendChild(v);
        tr.appendChild(td);});frag.appendChild(tr);});
    body.textContent='';body.appendChild(frag);
    shown.textContent=view.length+' из '+items.length;pager.textContent='';
    if(pages>1)[['«',0],['‹',page-1],[' стр. '+(page+1)+' из '+pages+' ',null],['›',page+1],['»',
      pages-1]].forEach(function(b){
      if(b[1]==null){pager.appendChild(node('span','muted',b[0]));return;}
      var btn=node('button',null,b[0]);btn.type='button';btn.disabled=b[1]===page||b[1]<0||b[1]>=pages;
      btn.addEventListener('click',function(){page=b[1];self.render();table.scrollIntoView();});
        pager.appendChild(btn);});};
  self.keys=function(c){return view.map(function(i){var k=columns[c].key(items[i]);return k==null?'':String(k);});};
  self.rows=function(){return body.rows;};self.view=function(){return view;};
  q.addEventListener('input',self.apply);
  Array.prototype.forEach.call(ths,function(th,c){th.addEventListener('click',function(){self.sortBy(c);});});
  return self;}
if(P){
  var C=P.calls,sev=el('violations-sev'),rule=el('violations-rule');
  var callOf=function(r){return C[r[0]];};
  lists.violations=List('violations',P.rows,[
    {key:function(r){return str(callOf(r)[0]);},cell:file(function(r){return str(callOf(r)[0]);}),css:'cut'},
    {key:function(r){return callOf(r)[1];},cell:function(r){var a=link(callOf(r)[1],r[0],r[9]);
      a.title=callOf(r)[1]||'';return a;},css:'cut'},
    {key:function(r){return str(callOf(r)[2]);},cell:function(r){return str(callOf(r)[2])||'—';},css:'cut'},
    {key:function(r){return r[1];},num:1,text:function(r){return r[1]+':'+r[2];},cell:function(r){
      return r[1]+':'+r[2];}},
    {key:function(r){return r[3];},num:1,text:function(r){return clock(r[3]);},cell:function(r){
      return clock(r[3]);}},
    {key:function(r){return T[str(r[4])]||str(r[4]);},text:function(r){return (T[str(r[4])]||'')+' '+str(r[4]);},
      cell:function(r){var id=str(r[4]);return node('span',null,T[id]||id,id);}},
    {key:function(r){return r[5];},num:1,text:function(r){return D.levels[SEV[r[5]]];},
     cell:function(r){return node('span','sev '+SEV[r[5]],D.levels[SEV[r[5]]]);}},
    {key:function(r){return r[6];},cell:function(r){return link(r[6]||'—',r[0],r[9]);}},
    {key:function(r){return str(r[7]);},cell:function(r){var m=str(r[7]);return node('span',null,m,m);},css:'msg'},
    {key:function(r){return r[8].map(str).join('\n');},cell:function(r){return r[8].map(str).join('\n');},
      css:'sugg'}],
    function(r){return (!sev.value||SEV[r[5]]===sev.value)&&(!rule.value||str(r[4])===rule.value);});
  sev.addEventListener('change',lists.violations.apply);rule.addEventListener('change',lists.violations.apply);
  lists.calls=List('calls',C,[
    {key:function(c){return str(c[0]);},cell:file(function(c){return str(c[0]);}),css:'cut'},
    {key:function(c){return c[1];},cell:function(c,n){var a=link(c[1],n);a.title=c[1]||'';return a;},css:'cut'},
    {key:function(c){return str(c[2]);},cell:function(c){return str(c[2])||'—';},css:'cut'},
    {key:function(c){return c[4];},num:1,cell:function(c){return String(c[4]);}},
    {key:function(c){return c[5];},num:1,cell:function(c){return String(c[5]);}},
    {key:function(c){return c[3];},num:1,cell:function(c){return c[10]+(c[6]?' — провален':'');}}]);
  lists.violations.apply();lists.calls.apply();}
document.body.setAttribute('data-ready',String(Math.round(performance.now())));
var chunks={},viewer=el('viewer'),vbody=el('viewer-body');
function inflate(b64){var bin=atob(b64),a=new Uint8Array(bin.length);for(var i=0;i<bin.length;
  i++)a[i]=bin.charCodeAt(i);
  var s=new Blob([a]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(s).text().then(JSON.parse);}
var SPK={agent:'Оператор',client:'Клиент'};
function vNote(r){var row=P.rows[r],id=str(row[4]),p=node('p');
  p.appendChild(node('span','sev '+SEV[row[5]],T[id]||id,T[id]?id:null));
  if(row[6])p.appendChild(document.createTextNode(' «'+row[6]+'»'));
  p.appendChild(node('br'));p.appendChild(node('span','msg',str(row[7])));
  row[8].forEach(function(s){p.appendChild(node('br'));p.appendChild(node('span','sugg','→ '+str(s)));});return p;}
function pNote(p,whole){var id=str(p[1]);return node('p','ok','✓ '+(T[id]||id)+(whole?' — '+str(p[2]):''),
  T[id]?id:null);}
function unique(list,x){if(list.indexOf(x)<0)list.push(x);}
// an utterance's text with its findings' words marked: a stretch of words a technique covers is one
// green mark, titled with its techniques; the violations inside it marked by their worst severity
function marked(text,ms,rec){var f=document.createDocumentFragment(),cuts=[0,text.length],pieces=[],i,j,k;
  ms.forEach(function(m){cuts.push(m[1],m[2]);});
  cuts=cuts.filter(function(x,n,a){return a.indexOf(x)===n;}).sort(function(a,b){return a-b;});
  for(i=0;i+1<cuts.length;i++){var a=cuts[i],b=cuts[i+1],cover=ms.filter(function(m){return m[1]<=a&&b<=m[2];});
    pieces.push({a:a,b:b,v:cover.filter(function(m){return m[3]>=0;}),p:cover.filter(function(m){return m[3]<0;
      })});}
  for(i=0;i<pieces.length;i=j){var practiced=pieces[i].p.length>0,host=f,titles=[];
    for(j=i;j<pieces.length&&(pieces[j].p.length>0)===practiced;j++)pieces[j].p.forEach(function(m){
      var pr=rec.p[-1-m[3]];unique(titles,'✓ '+str(pr[1])+(str(pr[2])?' — '+str(pr[2]):''));});
    if(practiced){host=node('mark','practice',null,titles.join('\n'));f.appendChild(host);}
    for(k=i;k<j;k++){var pc=pieces[k],said=text.slice(pc.a,pc.b),worst=0,ids=[];
      if(!pc.v.length){host.appendChild(document.createTextNode(said));continue;}
      pc.v.forEach(function(m){var row=P.rows[m[3]];worst=Math.max(worst,row[5]);unique(ids,str(row[4]));});
      host.appendChild(node('mark',SEV[worst],said,ids.join(', ')));}}
  return f;}
function drawCall(n,rec){var c=P.calls[n],sec=node('section','call'),byU={},marks={},whole=[],r;sec.id='c'+n;
  var at=function(u){return byU[u]=byU[u]||{v:[],p:[],seen:[]};};
  sec.appendChild(node('h3',null,str(c[0])+' · '+(c[1]||'—')));
  var meta=node('p','meta','Оператор: '+(str(c[2])||'—')+' · начало: '+(c[7]||'—')+' · нарушений: '+c[4]+
    ' · приёмов: '+c[8]+(c[9]?' (+'+c[9]+' к оценке)':'')+' · оценка: ');
  meta.appendChild(node('b',null,c[10]));
  if(c[6])meta.appendChild(document.createTextNode(' — провален: нарушено критическое правило'));
    sec.appendChild(meta);
  for(r=rec.v[0];r<rec.v[0]+rec.v[1];r++){if(P.rows[r][9]==null)whole.push(vNote(r));
    else at(P.rows[r][9]).v.push(r);}
  rec.p.forEach(function(p){if(p[0]==null){whole.push(pNote(p,true));return;}
    var b=at(p[0]);if(b.seen.indexOf(p[1])<0){b.seen.push(p[1]);b.p.push(p);}});
  rec.m.forEach(function(m){(marks[m[0]]=marks[m[0]]||[]).push(m);});
  if(whole.length){var cn=node('div','call-notes');whole.forEach(function(e){cn.appendChild(e);});
    sec.appendChild(cn);}
  rec.u.forEach(function(u){var d=node('div','utt '+u[1]),said=node('div','said'),notes=node('div','notes'),
    b=byU[u[0]];
    d.id='c'+n+'-u'+u[0];d.appendChild(node('div','who',(u[2]==null?'':clock(u[2]))+' '+(SPK[u[1]]||u[1])));
    said.appendChild(marked(u[3],marks[u[0]]||[],rec));d.appendChild(said);
    if(b){b.v.forEach(function(r){notes.appendChild(vNote(r));});b.p.forEach(function(p){
      notes.appendChild(pNote(p));});}
    d.appendChild(notes);sec.appendChild(d);});
  return sec;}
function openCall(n,u){var c=P&&P.calls[n];if(!c)return Promise.resolve(null);
  if(typeof DecompressionStream==='undefined'){viewer.hidden=false;vbody.textContent='Этот браузер не может '+
    'распаковать расшифровку: откройте отчёт в Chrome, Edge, Firefox или Safari последних версий.';
      return Promise.resolve(null);}
  if(!chunks[c[11]])chunks[c[11]]=inflate(P.chunks[c[11]]);
  return chunks[c[11]].then(function(list){vbody.textContent='';vbody.appendChild(drawCall(n,list[c[12]]));
    viewer.hidden=false;
    var at=u==null?null:el('c'+n+'-u'+u);if(at){at.classList.add('target');at.scrollIntoView({block:'center'});}
    else viewer.scrollTop=0;return vbody;});}
function fromHash(){var m=/^#c(\d+)(?:-u(\d+))?$/.exec(location.hash);
  if(m)return openCall(+m[1],m[2]==null?null:+m[2]);if(viewer)viewer.hidden=true;return null;}
if(viewer){window.addEventListener('hashchange',fromHash);
  var close=function(){viewer.hidden=true;if(/^#c\d/.test(location.hash))history.pushState(null,'',
    location.pathname+location.search);};
  el('viewer-close').addEventListener('click',close);
  document.addEventListener('keydown',function(e){if(e.key==='Escape'&&!viewer.hidden)close();});
  fromHash();}
if(location.hash.indexOf('#selftest')!==0)return;
var p=new URLSearchParams(location.hash.slice(9)),res={},v=lists.violations;
res.charts=Array.prototype.filter.call(document.querySelectorAll('svg.chart'),function(s){
  return s.querySelector('rect.bar');}).length;
res.chartLabels=Array.prototype.map.call(document.querySelectorAll('svg.chart text[text-anchor=end]'),function(t){
  return t.lastChild.textContent;});
res.coverageRows=document.querySelectorAll('table.coverage tbody tr').length;
res.rowsTotal=P?P.rows.length:0;res.ready=+document.body.getAttribute('data-ready');
var done=Promise.resolve();
if(v){rule.value=p.get('rule')||'';el('violations-q').value=p.get('q')||'';res.rule=rule.value;
  res.rowsVisible=v.apply();
  res.rowsShown=v.rows().length;res.firstRow=v.rows().length?Array.prototype.map.call(v.rows()[0].cells,
    function(td){return td.textContent;}):[];
  v.sortBy(5);var up=v.keys(5);v.sortBy(5);var down=v.keys(5);
  res.sorted=up.join('\n')===up.slice().sort(collator.compare).join('\n')&&
    down.join('\n')===up.slice().reverse().join('\n');
  res.overflow=document.documentElement.scrollWidth-document.documentElement.clientWidth;
  var opened=[];res.opened=opened;res.practiceTitles=[];res.marks=0;
  var which=p.get('open'),todo=which==='all'?C.map(function(c,n){return [n,null];}):which&&v.view().length?
    [[P.rows[v.view()[0]][0],P.rows[v.view()[0]][9]]]:[];
  res.openedMessage=which&&which!=='all'&&v.view().length?str(P.rows[v.view()[0]][7]):null;
  todo.forEach(function(t){done=done.then(function(){return openCall(t[0],t[1]);}).then(function(b){if(!b)return;
    opened.push({call:C[t[0]][1],notes:Array.prototype.map.call(b.querySelectorAll('.notes .msg'),function(m){
      return m.textContent;}),
      target:b.querySelectorAll('.utt.target').length,utterances:b.querySelectorAll('.utt').length});
    res.marks+=b.querySelectorAll('.said mark').length;
    Array.prototype.forEach.call(b.querySelectorAll('.said mark.practice'),function(m){
      res.practiceTitles.push(m.title);});
    if(which==='all'){var box=el('selftest-calls');  // every call drawn, one after another, for the tests to read
      if(!box){box=document.querySelector('main').appendChild(node('div'));box.id='selftest-calls';}
      box.appendChild(b.firstChild);}});});}
done.then(function(){res.errors=window.pcErrors;document.body.setAttribute('data-selftest',JSON.stringify(res));});
})();
"""
