#!/usr/bin/env python3
"""Writes the demo access log of an EC-CUBE 4 shop (nginx combined format).

Benign shopping traffic over two days, with the access-log footprint of the attack chain in
shared/ATTACK-CHAIN.md: day 1 a scanner and a login brute force; day 2 the stored-XSS order, the
admin's order-mail confirm (CVE-2021-20717), code written from the hijacked admin session (file
manager upload of a .php, customize.js edit, a new admin member), the web shell and the card
collector under html/user_data, and the database download. Deterministic: same output every run.

Usage: scripts/make-demo-log.py > mimamori-cli/src/main/resources/demo/eccube-access.log
"""
import random
from datetime import datetime, timedelta, timezone

JST = timezone(timedelta(hours=9))
rnd = random.Random(20211229)

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
]
ADMIN_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36"
ADMIN_IP = "198.51.100.10"
ATTACKER_IP = "203.0.113.45"
SHELL_IP = "203.0.113.77"
SCANNER_IP = "203.0.113.200"
BRUTE_IP = "203.0.113.13"
HOST = "https://furusato-shop.example.jp"

lines = []


def log(ts, ip, method, target, status, size, ua, referer="-"):
    stamp = ts.strftime("%d/%b/%Y:%H:%M:%S %z")
    lines.append((ts, f'{ip} - - [{stamp}] "{method} {target} HTTP/1.1" {status} {size} "{referer}" "{ua}"'))


def customer_ip():
    return f"192.0.2.{rnd.randint(2, 250)}" if rnd.random() < 0.5 else f"198.51.100.{rnd.randint(20, 250)}"


def browse(ts, ip, ua):
    """One shopper's visit: pages plus their assets."""
    pages = [("/", 200, 18211)]
    for _ in range(rnd.randint(1, 4)):
        choice = rnd.random()
        if choice < 0.4:
            pages.append((f"/products/list?category_id={rnd.randint(1, 9)}", 200, rnd.randint(21000, 39000)))
        elif choice < 0.8:
            pages.append((f"/products/detail/{rnd.randint(1, 120)}", 200, rnd.randint(15000, 26000)))
        else:
            pages.append(("/products/list?name=%E3%81%BF%E3%81%8B%E3%82%93", 200, 24012))
    for path, status, size in pages:
        log(ts, ip, "GET", path, status, size, ua, HOST + "/")
        for asset, asize in (("/html/template/default/assets/css/style.css", 91802),
                             ("/html/template/default/assets/js/function.js", 6120),
                             ("/html/user_data/assets/js/customize.js", 0)):
            if rnd.random() < 0.5:
                log(ts + timedelta(milliseconds=200), ip, "GET", asset, 200, asize, ua, HOST + path)
        ts += timedelta(seconds=rnd.randint(5, 90))
    if rnd.random() < 0.3:  # some buy
        log(ts, ip, "POST", "/products/add_cart/" + str(rnd.randint(1, 120)), 302, 0, ua, HOST + "/products/detail/1")
        log(ts + timedelta(seconds=3), ip, "GET", "/cart", 200, 17110, ua)
        log(ts + timedelta(seconds=20), ip, "GET", "/shopping/login", 200, 14220, ua)
        log(ts + timedelta(seconds=40), ip, "POST", "/mypage/login", 302, 0, ua, HOST + "/shopping/login")
        log(ts + timedelta(seconds=42), ip, "GET", "/shopping", 200, 31240, ua)
        log(ts + timedelta(seconds=90), ip, "POST", "/shopping/confirm", 200, 29870, ua, HOST + "/shopping")
        log(ts + timedelta(seconds=100), ip, "POST", "/shopping/checkout", 302, 0, ua, HOST + "/shopping/confirm")
        log(ts + timedelta(seconds=101), ip, "GET", "/shopping/complete", 200, 12004, ua)
    return ts


def benign_day(day, n):
    for _ in range(n):
        ts = day + timedelta(seconds=rnd.randint(8 * 3600, 23 * 3600))
        browse(ts, customer_ip(), rnd.choice(BROWSERS))


day1 = datetime(2026, 11, 20, tzinfo=JST)
day2 = datetime(2026, 11, 21, tzinfo=JST)
benign_day(day1, 40)
benign_day(day2, 40)

# Day 1, 03:12: a scanner sweeps the shop.
t = day1 + timedelta(hours=3, minutes=12)
nikto = "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000001)"
for i, (path, status, size) in enumerate([
    ("/.env", 404, 1520), ("/.git/config", 404, 1520), ("/composer.json", 200, 4211),
    ("/app/config/eccube/packages/doctrine.yaml", 403, 548), ("/var/log/prod/site-2026-11-19.log", 403, 548),
    ("/backup.sql", 404, 1520), ("/phpinfo.php", 404, 1520), ("/admin/", 302, 0),
]):
    log(t + timedelta(seconds=i), SCANNER_IP, "GET", path, status, size, nikto)
sqlmap = "sqlmap/1.7.2#stable (https://sqlmap.org)"
for i, q in enumerate([
    "/products/list?category_id=1%27%20OR%20%271%27%3D%271",
    "/products/list?category_id=1%20UNION%20ALL%20SELECT%20NULL%2CNULL%2CNULL--%20-",
    "/products/list?category_id=1%20AND%20SLEEP(5)",
    "/products/detail/1?id=..%2F..%2F..%2F..%2Fetc%2Fpasswd",
]):
    log(t + timedelta(seconds=30 + i * 2), SCANNER_IP, "GET", q, 200, 21455, sqlmap)

# Day 1, 04:40: a password-guessing run against the customer login.
t = day1 + timedelta(hours=4, minutes=40)
for i in range(24):
    log(t + timedelta(seconds=i * 2), BRUTE_IP, "POST", "/mypage/login", 302, 0, "python-requests/2.31.0", HOST + "/mypage/login")

# Day 2, 10:02: stage 1, the attacker probes for reflected script, then places the stored XSS order.
t = day2 + timedelta(hours=10, minutes=2)
ua = BROWSERS[0]
log(t, ATTACKER_IP, "GET", "/", 200, 18211, ua)
log(t + timedelta(seconds=20), ATTACKER_IP, "GET",
    "/products/list?name=%3Cscript%20src%3D%2F%2Fcdn-jquery.example.net%2Fjquery.min.js%3E%3C%2Fscript%3E", 200, 19005, ua)
log(t + timedelta(seconds=60), ATTACKER_IP, "POST", "/products/add_cart/17", 302, 0, ua, HOST + "/products/detail/17")
log(t + timedelta(seconds=70), ATTACKER_IP, "GET", "/shopping", 200, 31240, ua)
log(t + timedelta(seconds=160), ATTACKER_IP, "POST", "/shopping/confirm", 200, 33110, ua, HOST + "/shopping")
log(t + timedelta(seconds=170), ATTACKER_IP, "POST", "/shopping/checkout", 302, 0, ua, HOST + "/shopping/confirm")
log(t + timedelta(seconds=171), ATTACKER_IP, "GET", "/shopping/complete", 200, 12004, ua)

# Day 2, 14:31: stage 2, the admin opens the order and uses the mail screen; the XSS fires.
t = day2 + timedelta(hours=14, minutes=31)
log(t, ADMIN_IP, "GET", "/admin/login", 200, 5210, ADMIN_UA)
log(t + timedelta(seconds=8), ADMIN_IP, "POST", "/admin/login", 302, 0, ADMIN_UA, HOST + "/admin/login")
log(t + timedelta(seconds=9), ADMIN_IP, "GET", "/admin/", 200, 41200, ADMIN_UA)
log(t + timedelta(seconds=30), ADMIN_IP, "GET", "/admin/order", 200, 52110, ADMIN_UA)
log(t + timedelta(seconds=45), ADMIN_IP, "GET", "/admin/order/1042/edit", 200, 61022, ADMIN_UA)
log(t + timedelta(seconds=70), ADMIN_IP, "GET", "/admin/order/1042/mail", 200, 30110, ADMIN_UA)
log(t + timedelta(seconds=95), ADMIN_IP, "POST", "/admin/order/1042/mail", 200, 31002, ADMIN_UA)
log(t + timedelta(seconds=110), ADMIN_IP, "POST", "/admin/order/1042/mail", 200, 29871, ADMIN_UA)

# Stage 3: the injected script acts inside the admin session (same IP, same browser).
t += timedelta(seconds=112)
log(t, ADMIN_IP, "GET", "/admin/content/file_manager", 200, 22011, ADMIN_UA, HOST + "/admin/order/1042/mail")
log(t + timedelta(seconds=1), ADMIN_IP, "POST", "/admin/content/file_manager?tree_select_file=%2Fuser_data", 302, 0, ADMIN_UA)
log(t + timedelta(seconds=2), ADMIN_IP, "GET", "/admin/content/js", 200, 18420, ADMIN_UA)
log(t + timedelta(seconds=3), ADMIN_IP, "POST", "/admin/content/js", 302, 0, ADMIN_UA)
log(t + timedelta(seconds=4), ADMIN_IP, "POST", "/admin/setting/system/member/new", 302, 0, ADMIN_UA)

# Stage 5: customers check out; the skimmer in customize.js posts card data to the collector.
t = day2 + timedelta(hours=15)
for i in range(6):
    ip, cua = customer_ip(), rnd.choice(BROWSERS)
    ts = t + timedelta(minutes=i * 7)
    log(ts, ip, "POST", "/shopping/confirm", 200, 29870, cua, HOST + "/shopping")
    log(ts + timedelta(seconds=1), ip, "POST", "/html/user_data/ba5e1f.php", 200, 0, cua, HOST + "/shopping/confirm")
    log(ts + timedelta(seconds=2), ip, "POST", "/shopping/checkout", 302, 0, cua, HOST + "/shopping/confirm")

# Stage 6 and 7: the attacker uses the web shell, then downloads the customer table.
t = day2 + timedelta(hours=16, minutes=5)
shell_ua = "Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0"
log(t, SHELL_IP, "GET", "/html/user_data/packages.php", 200, 1834, shell_ua)
log(t + timedelta(seconds=15), SHELL_IP, "POST", "/html/user_data/packages.php", 200, 2211, shell_ua)
log(t + timedelta(seconds=40), SHELL_IP, "POST", "/html/user_data/packages.php", 200, 88120, shell_ua)
log(t + timedelta(seconds=95), SHELL_IP, "POST", "/html/user_data/packages.php", 200, 4812339, shell_ua)
log(t + timedelta(minutes=30), SHELL_IP, "GET", "/html/user_data/ba5e1f.php", 200, 61200, shell_ua)

for _, line in sorted(lines, key=lambda x: x[0]):
    print(line)
