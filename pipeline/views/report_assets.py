"""The report's inline style sheet and script (kept out of report.py so each reads as one thing).

The script needs no library: sortable and filterable tables, the timeline's cell details, and the
page viewer that draws a fact's box over its page image. Its data comes from JSON blocks in the
page (``<script type="application/json" id="...">``), written by report.py.
"""

STYLE = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;
 margin:1.5rem auto;max-width:1240px;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.6rem}h2{border-bottom:2px solid #ccd;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin-top:1.5rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
th,td{border:1px solid #ccd;padding:.2rem .45rem;text-align:left;vertical-align:top}
td{max-width:28rem;overflow-wrap:anywhere}
th{background:#eef0f6}tbody tr:nth-child(even){background:#f8f9fc}
table.data th{cursor:pointer;user-select:none;white-space:nowrap}
table.data th[aria-sort=ascending]::after{content:" \\25B2"}
table.data th[aria-sort=descending]::after{content:" \\25BC"}
tr[data-doc]{cursor:pointer}tr[data-doc]:hover{background:#fff6d6}
input.filter{margin:.4rem 0;padding:.25rem .4rem;width:18rem;max-width:100%}
table.grid td.none{background:#f4f4f4;color:#888}
table.grid td.has{background:#e7f3ec}
figure.chart{margin:1rem 0;max-width:900px}svg.chart{width:100%;height:auto;font-size:11px}
svg.chart .grid{stroke:#ddd}svg.chart .ct{font-weight:600;font-size:13px}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-2px}
details{margin:.75rem 0}summary{cursor:pointer;color:#2a4d8f}
.note{color:#555}.warn{color:#8a4b00;background:#fff4e0;padding:.3rem .5rem}
nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem}nav a{white-space:nowrap}
table.timeline{table-layout:fixed}
table.timeline th.area{width:22rem}table.timeline th.year{width:6.6rem;text-align:center}
table.timeline td{text-align:center;font-size:.8rem;padding:.25rem .2rem}
table.timeline td.area{text-align:left}
table.timeline td.cell{cursor:pointer;font-weight:600}
table.timeline td.cell:focus{outline:3px solid #222}
.st-first{background:#dbe9f6;color:#0b3c6b}
.st-continued{background:#cfeee0;color:#064e36}
.st-renamed{background:#cfeee0;color:#064e36;box-shadow:inset 0 -4px 0 #009E73}
.st-new{background:#fde6bf;color:#6b4300}
.st-dropped{background:#f7d7c8;color:#7a2700;text-decoration:line-through}
.noplan{background:repeating-linear-gradient(45deg,#f3f3f3,#f3f3f3 4px,#fff 4px,#fff 8px);color:#888}
.key span{display:inline-block;margin-right:.8rem;padding:.05rem .4rem;font-size:.8rem}
.detail{border:1px solid #ccd;background:#fbfbfe;padding:.6rem .9rem;margin:.6rem 0}
.detail h4{margin:.2rem 0 .4rem}.detail li{margin:.2rem 0}
button.show{font-size:.75rem;margin-left:.4rem}
#viewer{position:fixed;top:0;right:0;width:min(46rem,100%);height:100%;background:#fff;
 border-left:2px solid #99a;box-shadow:-4px 0 12px rgba(0,0,0,.15);overflow:auto;padding:.6rem .9rem;z-index:10}
#viewer[hidden]{display:none}
#viewer .page{position:relative;border:1px solid #ccd;margin-top:.5rem}
#viewer .page img{display:block;width:100%;height:auto}
#viewer .hl{position:absolute;border:2px solid #D55E00;background:rgba(240,228,66,.35)}
#viewer .bar{display:flex;gap:.8rem;align-items:baseline;flex-wrap:wrap}
#viewer .bar .close{margin-left:auto}
"""

SCRIPT = r"""
(function(){
"use strict";
function data(id){var el=document.getElementById(id);return el?JSON.parse(el.textContent):{};}
var DOCS=data("docs-data"),PAGES=data("pages-data"),AREAS=data("areas-data");
function esc(s){return String(s==null?"":s).replace(/[&<>"]/g,function(c){
  return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
/* ---- tables: sort on header click, filter box above */
function cellValue(tr,i){var td=tr.children[i];return td?td.textContent.trim():"";}
function sortTable(table,i,th){
  var asc=th.getAttribute("aria-sort")!=="ascending";
  table.querySelectorAll("th").forEach(function(h){h.removeAttribute("aria-sort");});
  th.setAttribute("aria-sort",asc?"ascending":"descending");
  var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){var x=cellValue(a,i),y=cellValue(b,i),nx=parseFloat(x),ny=parseFloat(y);
    var r=(!isNaN(nx)&&!isNaN(ny)&&/^-?[\d.]+$/.test(x)&&/^-?[\d.]+$/.test(y))?nx-ny:
      x.localeCompare(y,"da",{numeric:true});return asc?r:-r;});
  rows.forEach(function(r){body.appendChild(r);});
}
document.querySelectorAll("table.data").forEach(function(table){
  table.querySelectorAll("thead th").forEach(function(th,i){
    th.title="Click to sort";th.addEventListener("click",function(){sortTable(table,i,th);});});
  if(table.tBodies[0].rows.length<=10){return;}  /* a short table needs no filter */
  var input=document.createElement("input");input.type="search";input.className="filter";
  input.placeholder="Filter rows…";input.setAttribute("aria-label","Filter rows");
  input.addEventListener("input",function(){var q=input.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows,function(tr){
      tr.hidden=q&&tr.textContent.toLowerCase().indexOf(q)<0;});});
  var holder=table.parentNode.classList.contains("scroll")?table.parentNode:table;
  holder.parentNode.insertBefore(input,holder);
});
/* ---- the page viewer: the page image with the fact's box drawn on it */
var viewer=document.getElementById("viewer");
function showFact(doc,page,boxes,caption){
  var d=DOCS[doc]||{},img=PAGES[doc+":"+page],html="";
  html+='<div class="bar"><strong>'+esc(d.label||doc)+', page '+esc(page)+'</strong>';
  if(d.pdf){html+='<a href="'+esc(d.pdf)+'#page='+esc(page)+'" target="_blank">open the PDF at this page</a>';}
  html+='<button class="close" type="button">Close</button></div>';
  if(caption){html+='<p>'+esc(caption)+'</p>';}
  if(img){html+='<div class="page"><img alt="page '+esc(page)+'" src="'+img[0]+'">';
    var w=img[1],h=img[2];
    (boxes||[]).forEach(function(b){
      html+='<div class="hl" style="left:'+(100*b[0]/w)+'%;top:'+(100*b[1]/h)+'%;width:'+
        (100*(b[2]-b[0])/w)+'%;height:'+(100*(b[3]-b[1])/h)+'%"></div>';});
    html+='</div>';
    if(!boxes||!boxes.length){html+='<p class="note">The words of this fact were not located on the page.</p>';}
  }else{html+='<p class="note">No page image in this report (PDF not found when it was built).</p>';}
  viewer.innerHTML=html;viewer.hidden=false;viewer.dataset.doc=doc;viewer.dataset.page=page;
  viewer.querySelector(".close").addEventListener("click",function(){viewer.hidden=true;});
  var hl=viewer.querySelector(".hl");if(hl){hl.scrollIntoView({block:"center"});}
}
/* "x0,top,x1,bottom;..." (PDF points) -> [[x0,top,x1,bottom], ...], malformed boxes left out */
function boxOf(s){if(!s){return [];}return s.split(";").map(function(part){
  return part.split(",").map(Number);}).filter(function(b){
  return b.length===4&&b.every(function(v){return !isNaN(v);});});}
document.addEventListener("click",function(ev){
  var tr=ev.target.closest("tr[data-doc]");
  if(tr&&!ev.target.closest("a")){showFact(tr.dataset.doc,tr.dataset.page,boxOf(tr.dataset.box),tr.dataset.caption||"");return;}
  var btn=ev.target.closest("button.show");
  if(btn){showFact(btn.dataset.doc,btn.dataset.page,boxOf(btn.dataset.box),btn.dataset.caption||"");}
});
document.addEventListener("keydown",function(ev){if(ev.key==="Escape"&&viewer){viewer.hidden=true;}});
/* ---- the timeline: a cell's area in the detail box */
function factList(items,what){
  if(!items||!items.length){return "<p class=\"note\">No "+what+".</p>";}
  return "<ul>"+items.map(function(f){return "<li>"+esc(f.text)+' <span class="note">(p. '+esc(f.page)+
    ')</span><button class="show" type="button" data-doc="'+esc(f.doc)+'" data-page="'+esc(f.page)+
    '" data-box="'+esc(f.box)+'" data-caption="'+esc(f.text)+'">show on page</button></li>';}).join("")+"</ul>";
}
function showArea(td){
  var a=AREAS[td.dataset.area]||{},detail=document.getElementById("detail-"+td.dataset.timeline);
  if(!detail){return;}
  var verdict=td.dataset.status,rows=[["District",a.district],["Year",a.year],["Category",a.category],
    ["Comparison",verdict+(td.dataset.fromTitle?" (before: "+td.dataset.fromTitle+")":"")],
    ["The plan says",(a.claim||"nothing")+(a.evidence?" — “"+a.evidence+"”":"")]];
  if(td.dataset.disagrees==="true"){rows.push(["⚠","the plan's claim disagrees with the comparison"]);}
  var html="<h4>"+esc(a.title||td.dataset.title)+"</h4><table>"+rows.map(function(r){
    return "<tr><th>"+esc(r[0])+"</th><td>"+esc(r[1])+"</td></tr>";}).join("")+"</table>";
  if(verdict==="dropped"){html+='<p class="note">Not in the '+esc(td.dataset.year)+' plan; the area as last printed:</p>';}
  html+='<p><button class="show" type="button" data-doc="'+esc(a.doc)+'" data-page="'+esc(a.page)+'" data-box="'+
    esc(a.box)+'" data-caption="'+esc(a.title)+'">show the heading on its page (p. '+esc(a.page)+')</button></p>';
  html+="<h4>Deadlines</h4>"+factList(a.deadlines,"deadlines")+"<h4>Figures</h4>"+factList(a.figures,"figures");
  detail.innerHTML=html;detail.hidden=false;
}
document.querySelectorAll("table.timeline td.cell").forEach(function(td){
  td.addEventListener("click",function(){showArea(td);});
  td.addEventListener("keydown",function(ev){if(ev.key==="Enter"||ev.key===" "){ev.preventDefault();showArea(td);}});
});
})();
"""
