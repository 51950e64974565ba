/** The page's only style sheet, inline so the page is one file. Phases have a colour and a word. */
export const STATUS_PAGE_STYLE = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#dde1e8;--bg:#fff;--alt:#f6f7f9;
--failed:#b42318;--paused:#b54708;--running:#175cd3;--succeeded:#067647;--idle:#667085;--unknown:#6941c6;--stalled:#c11574}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Open Sans",sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:1280px;margin:0 auto;padding:0 20px}header{padding-top:18px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}p{margin:4px 0}.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}.card{border:1px solid var(--line);border-left:5px solid var(--idle);border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card.failed{border-left-color:var(--failed)}.card.paused{border-left-color:var(--paused)}
.card.running{border-left-color:var(--running)}.card.stalled{border-left-color:var(--stalled)}.card.unreadable{border-left-color:var(--failed)}.card.succeeded{border-left-color:var(--succeeded)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);background:var(--alt);position:sticky;top:0}
tbody tr:nth-child(even){background:#fbfbfc}td.num,th.num{text-align:right}.id{color:var(--muted);font-size:12px;word-break:break-all}
.st{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:var(--idle);white-space:nowrap}
.st-failed,.st-unreadable,.st-ended{background:var(--failed)}.st-paused,.st-ending{background:var(--paused)}
.st-running,.st-pending,.st-prechecking{background:var(--running)}.st-succeeded,.st-supported{background:var(--succeeded)}
.st-cancelled,.st-idle{background:var(--idle)}.st-unknown{background:var(--unknown)}.st-stalled{background:var(--stalled)}
.bar{display:inline-block;width:90px;height:8px;background:var(--line);border-radius:4px;overflow:hidden;vertical-align:middle;margin-right:6px}
.bar span{display:block;height:100%;background:var(--running)}.label{display:inline-block;background:var(--alt);border:1px solid var(--line);border-radius:4px;padding:0 5px;margin:1px 2px 1px 0;font-size:12px}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:6px 0 10px}.filters input,.filters select{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:4px}
.filters input{min-width:260px}.days{display:flex;align-items:flex-end;gap:3px;height:110px;border-bottom:1px solid var(--line);margin-top:6px}
.day{flex:1;display:flex;flex-direction:column-reverse;height:100%;min-width:6px}.day span{display:block}
.seg-succeeded{background:var(--succeeded)}.seg-failed{background:var(--failed)}.seg-cancelled{background:var(--idle)}.seg-other{background:var(--running)}
.axis{display:flex;justify-content:space-between;font-size:12px;color:var(--muted)}.legend span{margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
.warn{background:#fffaeb;border:1px solid #fedf89;border-radius:6px;padding:8px 12px;margin:10px 0}.scroll{overflow-x:auto}
footer{margin:30px auto 40px;color:var(--muted);font-size:12px}a{color:var(--running)}
`;
