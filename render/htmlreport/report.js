// The rows table of hops check --html. The rows came as JSON arrays in
// script elements, a chunk each; they are parsed once into one array and
// the elements removed, so the page holds each row once. The table draws only
// the rows in view (each row has a fixed height; padding rows stand for the
// others), so 100,000 rows scroll as fast as 100. Text is only ever set
// with textContent: nothing from a row is read as HTML.
(function () {
  'use strict';
  performance.mark('hops:start'); // the bench reads these marks
  var rows = [];
  var codes = Object.create(null); // code -> severity
  var els = document.querySelectorAll('script.hops-rows');
  for (var i = 0; i < els.length; i++) {
    var chunk = JSON.parse(els[i].textContent);
    els[i].remove();
    for (var k = 0; k < chunk.length; k++) {
      var r = chunk[k];
      rows.push(r);
      var fs = allFindings(r);
      for (var j = 0; j < fs.length; j++) codes[fs[j].c] = fs[j].sev;
    }
  }
  els = null;
  performance.mark('hops:parsed');

  var $ = function (id) { return document.getElementById(id); };
  var scroller = $('scroller'), body = $('rows-body'), search = $('q');
  var fResult = $('f-result'), fCode = $('f-code'), shown = $('shown');
  var loading = $('rows-loading');
  if (loading) loading.remove();

  Object.keys(codes).sort().forEach(function (c) {
    var o = document.createElement('option');
    o.value = c;
    o.textContent = c + ' (' + codes[c] + ')';
    fCode.appendChild(o);
  });

  var view = new Int32Array(0); // indexes into rows, filtered and sorted
  var sortKey = 'n', sortDir = 1;
  var open = -1; // the index in rows of the open row, -1 for none
  var rowH = 30; // measured from the first row drawn
  var detailH = 0; // measured each time the open row is drawn
  var measured = false;

  function allFindings(r) {
    var out = (r.fnd || []).slice();
    for (var i = 0; i < r.hops.length; i++) {
      var f = r.hops[i].fnd || [];
      for (var j = 0; j < f.length; j++) out.push(f[j]);
    }
    return out;
  }

  // A hop's URL; the first hop's is left out when it is the row's source.
  function hopURL(r, k) { return r.hops[k].u || (k === 0 ? r.s : ''); }
  function finalURL(r) { return r.hops.length ? hopURL(r, r.hops.length - 1) : ''; }

  function lower(s) { return s ? String(s).toLowerCase() : ''; }

  function matches(r, q) {
    if (String(r.n) === q) return true;
    if (lower(r.s).indexOf(q) >= 0 || lower(r.t).indexOf(q) >= 0 ||
        lower(r.why).indexOf(q) >= 0 || lower(r.err).indexOf(q) >= 0) return true;
    var c = r.c || [];
    for (var i = 0; i < c.length; i++) if (c[i].indexOf(q) >= 0) return true;
    for (i = 0; i < r.hops.length; i++) {
      if (lower(hopURL(r, i)).indexOf(q) >= 0) return true;
    }
    return false;
  }

  function value(r, key) {
    switch (key) {
      case 'c': return (r.c || []).join(' ');
      case 'f': return finalURL(r);
      case 's1': case 'fs': return r[key] == null ? -1 : r[key];
      default: return r[key] == null ? '' : r[key];
    }
  }

  function compare(a, b) {
    var ra = rows[a], rb = rows[b];
    var va = value(ra, sortKey), vb = value(rb, sortKey);
    var c = typeof va === 'number' ? va - vb : (va < vb ? -1 : va > vb ? 1 : 0);
    return c * sortDir || ra.n - rb.n;
  }

  function apply() {
    var q = search.value.trim().toLowerCase(), res = fResult.value, code = fCode.value;
    var out = new Int32Array(rows.length), k = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (res && r.r !== res) continue;
      if (code && (r.c || []).indexOf(code) < 0) continue;
      if (q && !matches(r, q)) continue;
      out[k++] = i;
    }
    view = out.slice(0, k);
    if (sortKey !== 'n' || sortDir !== 1) view.sort(compare);
    shown.textContent = k === rows.length ? fmt(k) + ' rows' : fmt(k) + ' of ' + fmt(rows.length) + ' rows';
    scroller.scrollTop = 0;
    draw();
  }

  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f'); }

  // The open row's position in the view, -1 when it is filtered out.
  function openPos() {
    if (open < 0) return -1;
    for (var p = 0; p < view.length; p++) if (view[p] === open) return p;
    return -1;
  }

  function draw() {
    var op = openPos();
    var extra = op >= 0 ? detailH : 0;
    // The position of the row at pixel y of the table's body.
    function at(y) {
      if (op < 0 || y < (op + 1) * rowH) return Math.floor(y / rowH);
      if (y < (op + 1) * rowH + extra) return op;
      return Math.floor((y - extra) / rowH);
    }
    function top(p) { return p * rowH + (op >= 0 && p > op ? extra : 0); }
    var head = scroller.querySelector('thead').offsetHeight;
    var y = Math.max(0, scroller.scrollTop - head);
    var first = Math.max(0, at(y) - 8);
    var last = Math.min(view.length, at(y + scroller.clientHeight) + 9);
    var frag = document.createDocumentFragment();
    frag.appendChild(pad(top(first)));
    var detail = null;
    for (var p = first; p < last; p++) {
      var i = view[p];
      frag.appendChild(rowEl(rows[i], i));
      if (i === open) {
        detail = detailEl(rows[i]);
        frag.appendChild(detail);
      }
    }
    frag.appendChild(pad(top(view.length) - top(last)));
    body.replaceChildren(frag);
    if (!measured && last > first) {
      measured = true;
      var h = body.querySelector('tr.r').getBoundingClientRect().height;
      if (h > 0 && Math.abs(h - rowH) > 0.5) {
        rowH = h;
        draw();
        return;
      }
    }
    if (detail) {
      var dh = detail.getBoundingClientRect().height;
      if (Math.abs(dh - detailH) > 0.5) {
        detailH = dh;
        draw();
      }
    }
  }

  function pad(h) {
    var tr = document.createElement('tr');
    tr.className = 'pad';
    var td = document.createElement('td');
    td.colSpan = 8;
    tr.style.height = h + 'px';
    tr.appendChild(td);
    return tr;
  }

  function cell(tr, text, cls, title) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    if (cls) td.className = cls;
    if (title) td.title = title;
    tr.appendChild(td);
    return td;
  }

  function statusClass(s) {
    return s == null ? '' : 'st-s' + Math.min(5, Math.max(1, Math.floor(s / 100)));
  }

  function rowEl(r, i) {
    var tr = document.createElement('tr');
    tr.className = 'r' + (i === open ? ' open' : '');
    tr.tabIndex = 0;
    tr.dataset.i = i;
    tr.setAttribute('aria-expanded', i === open ? 'true' : 'false');
    cell(tr, r.n, 'num');
    cell(tr, r.r, 'res-' + r.r);
    cell(tr, r.s, 'u', r.s);
    cell(tr, r.s1 == null ? '—' : r.s1, statusClass(r.s1));
    cell(tr, r.hops.length ? r.h : '—', 'num');
    cell(tr, r.fs == null ? '—' : r.fs, statusClass(r.fs));
    var f = finalURL(r);
    cell(tr, f, 'u', f);
    var c = (r.c || []).join(' ');
    cell(tr, c, '', c);
    return tr;
  }

  function add(parent, tag, text, cls) {
    var el = document.createElement(tag);
    if (text != null) el.textContent = text;
    if (cls) el.className = cls;
    parent.appendChild(el);
    return el;
  }

  function findingEl(parent, f) {
    var d = add(parent, 'div', null, 'fnd');
    add(d, 'span', f.c, 'tag ' + f.sev);
    d.appendChild(document.createTextNode(' ' + f.msg));
  }

  function detailEl(r) {
    var tr = document.createElement('tr');
    tr.className = 'detail';
    var td = add(tr, 'td');
    td.colSpan = 8;
    var dl = add(td, 'dl');
    function item(k, v, cls) {
      if (v == null || v === '') return;
      add(dl, 'dt', k);
      add(dl, 'dd', v, cls);
    }
    item('row', r.n);
    item('source', r.s, 'url');
    item('target', r.t, 'url');
    item('expected status', r.e);
    item('result', r.r, 'res-' + r.r);
    item('reason', r.why);
    item('error', r.err);
    if (r.hops.length) {
      var t = add(td, 'table');
      var hr = add(add(t, 'thead'), 'tr');
      [['#', 'h-n'], ['status', 'h-s'], ['method', 'h-m'], ['URL', 'h-u'], ['findings', 'h-f']].forEach(function (h) { add(hr, 'th', h[0], h[1]); });
      var tb = add(t, 'tbody');
      r.hops.forEach(function (h, k) {
        var row = add(tb, 'tr', null, 'hop');
        add(row, 'td', k + 1);
        add(row, 'td', h.s == null ? 'no response' : h.s + (h.rp ? ' ' + h.rp : ''), statusClass(h.s));
        add(row, 'td', h.m);
        var u = add(row, 'td', null, 'url');
        add(u, 'div', hopURL(r, k));
        if (h.via) add(u, 'div', 'reached by ' + h.via, 'note');
        if (h.loc != null) add(u, 'div', 'Location: ' + h.loc, 'note loc');
        var f = add(row, 'td');
        (h.fnd || []).forEach(function (x) { findingEl(f, x); });
      });
    }
    if (r.fnd && r.fnd.length) {
      add(td, 'h4', 'findings of the chain');
      r.fnd.forEach(function (x) { findingEl(td, x); });
    }
    return tr;
  }

  function toggle(i) {
    open = open === i ? -1 : i;
    detailH = 0;
    draw();
    var el = body.querySelector('tr.r[data-i="' + i + '"]');
    if (el) el.focus({ preventScroll: true });
  }

  body.addEventListener('click', function (e) {
    var tr = e.target.closest('tr.r');
    if (tr) toggle(Number(tr.dataset.i));
  });
  body.addEventListener('keydown', function (e) {
    var tr = e.target.closest('tr.r');
    if (tr && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      toggle(Number(tr.dataset.i));
    }
  });

  var pending = false;
  scroller.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  });
  window.addEventListener('resize', function () { draw(); });

  var timer = 0;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(apply, rows.length > 20000 ? 200 : 60);
  });
  fResult.addEventListener('change', apply);
  fCode.addEventListener('change', apply);

  document.querySelectorAll('.grid thead th').forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var key = th.dataset.key;
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      document.querySelectorAll('.grid thead th').forEach(function (o) { o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      if (sortKey === 'n' && sortDir === 1) {
        view.sort();
      } else {
        view.sort(compare);
      }
      scroller.scrollTop = 0;
      draw();
    });
  });

  // A result card or a bar of the charts filters the table by what it shows.
  function filterTo(res, code) {
    if (res != null) fResult.value = res;
    if (code != null) fCode.value = code;
    apply();
    scroller.scrollIntoView({ block: 'start' });
  }
  document.querySelectorAll('[data-result]').forEach(function (el) {
    el.addEventListener('click', function () { filterTo(el.getAttribute('data-result'), null); });
  });
  document.querySelectorAll('[data-code]').forEach(function (el) {
    el.addEventListener('click', function () { filterTo(null, el.getAttribute('data-code')); });
  });

  apply();
  performance.mark('hops:drawn');
  document.documentElement.dataset.ready = 'true';
})();
