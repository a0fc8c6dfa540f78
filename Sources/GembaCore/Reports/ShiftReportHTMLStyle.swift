/// The style sheet of the HTML shift report, inlined in the page so that the file needs
/// nothing else: system fonts, tables that scroll sideways inside their wrapper on a phone,
/// the header facts in one column on a narrow screen, and for print no scrolling, no page
/// break inside a row, a note or a chart, and the marker's colours kept. It holds no `<`
/// and no `&`, so the page is also well-formed XML.
enum ShiftReportHTMLStyle {
    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff}
        .page{max-width:64rem;margin:0 auto;padding:1rem}
        h1{font-size:1.5rem;margin:0 0 .5rem;overflow-wrap:anywhere}
        h2{font-size:1.2rem;margin:1.75rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid #d0d7de}
        h3{font-size:1rem;margin:1rem 0 .4rem;overflow-wrap:anywhere}
        p{margin:.4rem 0}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}
        dl.facts dt{font-weight:600;color:#57606a}
        dl.facts dd{margin:0;overflow-wrap:anywhere}
        .marker{border:2px solid #9a6700;background:#fff8c5;padding:.6rem .8rem;border-radius:6px;font-weight:600;margin:1rem 0}
        .note{border-left:4px solid #0969da;background:#f6f8fa;padding:.5rem .8rem;margin:.75rem 0;border-radius:0 6px 6px 0}
        .note h3{margin:0 0 .3rem}
        .note-text{white-space:pre-wrap;overflow-wrap:anywhere}
        .tag{display:inline-block;padding:0 .45rem;border:1px solid #d0d7de;border-radius:1rem;background:#fff;font-size:.85em;margin:0 .2rem .2rem 0}
        .unread{color:#9a6700;font-weight:600}
        .table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%;margin:.5rem 0}
        table{border-collapse:collapse;min-width:100%;font-size:.9rem}
        th,td{padding:.3rem .5rem;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top}
        th{background:#f6f8fa;white-space:nowrap}
        th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.prose{min-width:12rem;overflow-wrap:anywhere}
        tr.lvl0 td{font-weight:700}
        tr.lvl1 td{font-weight:600}
        tr.lvl1 td:first-child{padding-left:1.1rem}
        tr.lvl2 td:first-child{padding-left:2rem}
        .quiet{color:#57606a;font-style:italic}
        .chart{max-width:40rem;margin:.5rem 0 1rem}
        .chart svg{display:block;width:100%;height:auto}
        .foot{margin-top:2rem;padding-top:.5rem;border-top:1px solid #d0d7de;color:#57606a;font-size:.85rem}
        @media (max-width:40rem){body{font-size:14px}.page{padding:.6rem}dl.facts{grid-template-columns:1fr;gap:0}dl.facts dd{margin-bottom:.3rem}}
        @media print{
        body{font-size:10pt}
        .page{max-width:none;padding:0}
        .table-wrap{overflow:visible}
        table{min-width:0;width:100%}
        h2,h3{break-after:avoid;page-break-after:avoid}
        tr,.note,.chart,.marker{break-inside:avoid;page-break-inside:avoid}
        .marker,.note,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        }
        """
}
