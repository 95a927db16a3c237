#!/usr/bin/env bash
# tests/wordpress/wordpress-up.sh DIR — bring up a real WordPress (Debian 12's
# packages) on 127.0.0.1 for Kennis's tests, with everything it owns under DIR:
#
#   DIR/mysql/      a private MariaDB: datadir, socket, pid file, log
#                   (--skip-networking: no TCP port at all)
#   DIR/apache/     a private Apache: httpd.conf, pid file, logs
#                   (Listen 127.0.0.1:PORT, PORT free at run time, mod_php)
#   DIR/wp-content/ the site's wp-content (themes from the package, uploads,
#                   a must-use plugin that keeps mail off the network)
#   DIR/env         KENNIS_WP_* lines for the tests (see the end of this file)
#
# Debian's wp-config.php picks /etc/wordpress/config-<host>.php, so this writes
# /etc/wordpress/config-127.0.0.1.php: one such site per machine at a time.
# A lock (/run/lock/kennis-wordpress) makes a second `up` wait for the first
# site's `down` (KENNIS_WP_LOCK_TIMEOUT seconds, default 300), then give up.
#
# Needs root (it writes /etc/wordpress; Apache switches to www-data, MariaDB
# to mysql). Undo everything with wordpress-down.sh DIR, also after a failure.
# KENNIS_WP_ROLE picks the role of the user "kennis" (default: author).
set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
t0=$EPOCHREALTIME
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lock=/run/lock/kennis-wordpress
site_config=/etc/wordpress/config-127.0.0.1.php
role=${KENNIS_WP_ROLE:-author}
export PATH=$PATH:/usr/sbin:/sbin

die() { echo "wordpress-up: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (it writes $site_config and starts servers as www-data and mysql)"
[ -f /usr/share/wordpress/wp-load.php ] || die "the wordpress package is not installed"
for tool in mariadbd mariadb-install-db mariadb mariadb-admin apache2 php curl flock runuser; do
  command -v "$tool" >/dev/null || die "$tool is missing (see build-aux/debian-packages.txt)"
done

mkdir -p "$1"
dir=$(cd "$1" && pwd)
marker="// kennis-wordpress-test-site: $dir"
case "$dir" in /) die "refusing to use / as DIR" ;; esac
if [ -e "$dir/.kennis-wordpress" ]; then
  die "$dir already holds a site; run wordpress-down.sh $dir first"
fi
[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
# wordpress-down.sh removes DIR only when it finds this file.
echo "$dir" > "$dir/.kennis-wordpress"

# Apache's children (www-data) need to reach the socket and wp-content.
chmod 755 "$dir"
runuser -u www-data -- test -x "$dir" ||
  die "www-data cannot reach $dir; use a DIR whose parents are world-searchable"

# --- The lock: one site on this machine at a time ----------------------------
# flock only guards the check-and-take; the lock itself is the directory
# $lock, holding the owner's DIR, and lasts until wordpress-down.sh.
# A lock is stale when its owner's DIR is gone, or when the owner's site was up
# (Apache wrote its pid file) and Apache or MariaDB is dead now: the owner was
# killed before its wordpress-down.sh, and this one runs that for it.
runs() {  # PIDFILE WORD: the pid in PIDFILE is alive and its command line holds WORD
  local pid
  pid=$(cat "$1" 2>/dev/null) && [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] &&
    ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}
owner_is_dead() {
  local owner=$1
  [ -d "$owner" ] || return 0
  [ -s "$owner/apache/apache2.pid" ] || return 1
  ! runs "$owner/apache/apache2.pid" "$owner/apache/httpd.conf" ||
    ! runs "$owner/mysql/mariadbd.pid" "--datadir=$owner/mysql/data"
}
take_lock() {
  local owner status=1
  exec 9>"$lock.flock"
  flock 9
  if mkdir "$lock" 2>/dev/null; then
    echo "$dir" > "$lock/owner"
    status=0
  else
    owner=$(cat "$lock/owner" 2>/dev/null || true)
    if [ -z "$owner" ] || owner_is_dead "$owner"; then
      echo "wordpress-up: the test WordPress in ${owner:-?} died without wordpress-down.sh; cleaning up after it" >&2
      if [ -n "$owner" ]; then "$here/wordpress-down.sh" "$owner" >&2 || true; fi
      if [ -f "$site_config" ] && grep -q '^// kennis-wordpress-test-site: ' "$site_config"; then
        rm -f "$site_config"
      fi
      rm -rf "$lock"
      mkdir "$lock" && echo "$dir" > "$lock/owner" && status=0
    else
      echo "$owner"
    fi
  fi
  exec 9>&-
  return "$status"
}
waited=0
timeout=${KENNIS_WP_LOCK_TIMEOUT:-300}
until owner=$(take_lock); do
  [ "$waited" -eq 0 ] && echo "wordpress-up: waiting for the test WordPress in $owner to go down" >&2
  [ "$waited" -ge "$timeout" ] &&
    die "another test WordPress ($owner) is still up after ${timeout}s; if it is dead, run wordpress-down.sh $owner"
  sleep 1
  waited=$((waited + 1))
done

if [ -e "$site_config" ] && ! grep -q '^// kennis-wordpress-test-site: ' "$site_config"; then
  die "$site_config exists and was not written by this script; not touching it"
fi

# --- MariaDB ------------------------------------------------------------------
mkdir -p "$dir/mysql/data"
chown -R mysql:mysql "$dir/mysql"
chmod 755 "$dir/mysql"
sock="$dir/mysql/mysqld.sock"
mysql_pid="$dir/mysql/mariadbd.pid"
mysql_log="$dir/mysql/mariadbd.log"

mariadb-install-db --no-defaults --user=mysql --datadir="$dir/mysql/data" \
  --auth-root-authentication-method=socket --skip-test-db --skip-name-resolve \
  >"$dir/mysql/install-db.log" 2>&1 ||
  { cat "$dir/mysql/install-db.log" >&2; die "mariadb-install-db failed"; }

# Small and fast rather than durable: the data lives for one test run.
mariadbd --no-defaults --user=mysql --datadir="$dir/mysql/data" \
  --socket="$sock" --pid-file="$mysql_pid" --log-error="$mysql_log" \
  --skip-networking --skip-name-resolve \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
  --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 \
  --performance-schema=OFF </dev/null >/dev/null 2>&1 &
mariadbd_pid=$!

for _ in $(seq 1 300); do
  mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$mariadbd_pid" 2>/dev/null || { cat "$mysql_log" >&2; die "mariadbd exited"; }
  sleep 0.1
done
mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 ||
  { cat "$mysql_log" >&2; die "mariadbd did not answer within 30s"; }

db_password=$(php -r 'echo bin2hex(random_bytes(12));')
mariadb --no-defaults --socket="$sock" -uroot <<SQL
CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'wordpress'@'localhost' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL

# --- wp-content ---------------------------------------------------------------
content="$dir/wp-content"
mkdir -p "$content/plugins" "$content/mu-plugins" "$content/uploads"
ln -s /usr/share/wordpress/wp-content/themes "$content/themes"
cat > "$content/mu-plugins/kennis-test-site.php" <<'PHP'
<?php
/* Kennis's test site sends no mail (wp_mail is pluggable: defined first wins)
 * and asks no outside host for anything. */
if (!function_exists('wp_mail')) {
	function wp_mail($to, $subject, $message, $headers = '', $attachments = array()) {
		return true;
	}
}
add_filter('pre_option_ping_sites', '__return_empty_string');
PHP
touch "$dir/wp-debug.log"
chown www-data:www-data "$content/uploads" "$dir/wp-debug.log"
chmod 666 "$dir/wp-debug.log"

# --- Apache -------------------------------------------------------------------
ap="$dir/apache"
mkdir -p "$ap/run"
chmod 755 "$ap"

free_port() {
  php -r '$s = stream_socket_server("tcp://127.0.0.1:0", $no, $msg) or exit(1);
          $name = stream_socket_get_name($s, false);
          echo substr($name, strrpos($name, ":") + 1);'
}

write_httpd_conf() {
  local mods=/usr/lib/apache2/modules
  cat > "$ap/httpd.conf" <<CONF
# Kennis's test WordPress — written by tests/wordpress/wordpress-up.sh.
ServerRoot "$ap"
ServerName 127.0.0.1
Listen 127.0.0.1:$1
PidFile "$ap/apache2.pid"
DefaultRuntimeDir "$ap/run"
Mutex file:$ap/run default
User www-data
Group www-data

LoadModule mpm_prefork_module $mods/mod_mpm_prefork.so
LoadModule authz_core_module $mods/mod_authz_core.so
LoadModule alias_module $mods/mod_alias.so
LoadModule dir_module $mods/mod_dir.so
LoadModule mime_module $mods/mod_mime.so
LoadModule rewrite_module $mods/mod_rewrite.so
LoadModule php_module $mods/libphp8.2.so

# Two cores: a handful of workers is plenty.
StartServers 2
MinSpareServers 1
MaxSpareServers 4
MaxRequestWorkers 8
MaxConnectionsPerChild 0
Timeout 60
KeepAlive On

ErrorLog "$ap/error.log"
LogLevel warn
LogFormat "%h %u %t \"%r\" %>s %b %D" kennis
CustomLog "$ap/access.log" kennis

TypesConfig /etc/mime.types
AddDefaultCharset Off
<FilesMatch "\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>

DocumentRoot /usr/share/wordpress
DirectoryIndex index.php index.html
Alias /wp-content "$content"

<Directory />
  Options None
  AllowOverride None
  Require all denied
</Directory>
<Directory /usr/share/wordpress>
  Options FollowSymLinks
  AllowOverride None
  Require all granted
  # WordPress's rules for pretty permalinks (what its .htaccess would hold).
  RewriteEngine On
  RewriteBase /
  RewriteRule ^index\.php$ - [L]
  RewriteCond %{REQUEST_FILENAME} !-f
  RewriteCond %{REQUEST_FILENAME} !-d
  RewriteRule . /index.php [L]
</Directory>
<Directory "$content">
  Options FollowSymLinks
  AllowOverride None
  Require all granted
  <FilesMatch "\.php$">
    Require all denied
  </FilesMatch>
</Directory>
CONF
}

# The port is free when picked but may be taken before Apache binds it: then
# pick another. Apache detaches before it binds, so wait for its pid file
# (written once it listens) rather than for its exit status.
port=
for attempt in 1 2 3 4 5; do
  try_port=$(free_port) || die "found no free port on 127.0.0.1"
  write_httpd_conf "$try_port"
  rm -f "$ap/error.log"
  apache2 -f "$ap/httpd.conf" -k start </dev/null >"$ap/start.log" 2>&1 ||
    { cat "$ap/start.log" >&2; die "apache2 did not start"; }
  for _ in $(seq 1 100); do
    [ -s "$ap/apache2.pid" ] && break
    sleep 0.1
  done
  if [ -s "$ap/apache2.pid" ]; then
    port=$try_port
    break
  fi
  if grep -q -e 'Address already in use' -e 'could not bind' "$ap/error.log" 2>/dev/null; then
    echo "wordpress-up: port $try_port was taken, trying another (attempt $attempt)" >&2
    continue
  fi
  cat "$ap/start.log" "$ap/error.log" >&2 2>/dev/null || true
  die "apache2 did not come up"
done
[ -n "$port" ] || die "apache2 found no free port in 5 attempts"
url="http://127.0.0.1:$port"

# --- The site's configuration (Debian's wp-config.php loads it by Host) ------
umask_was=$(umask)
umask 027
cat > "$site_config.tmp" <<PHP
<?php
$marker
// Written by Kennis's tests/wordpress/wordpress-up.sh; wordpress-down.sh removes it.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', '$db_password');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '$url');
define('WP_SITEURL', '$url');
define('WP_CONTENT_DIR', '$content');
define('WP_CONTENT_URL', '$url/wp-content');
// 'local' lets Application Passwords work over plain HTTP.
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('DISABLE_WP_CRON', true);
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', '$dir/wp-debug.log');
PHP
umask "$umask_was"
chgrp www-data "$site_config.tmp"
mv "$site_config.tmp" "$site_config"

# --- Install the site and its users -------------------------------------------
cat > "$dir/install.php" <<'PHP'
<?php
/* Runs with the php CLI: no Host header, so say which site this is first. */
$port = getenv('KENNIS_WP_PORT');
$_SERVER['HTTP_HOST'] = "127.0.0.1:$port";
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = $port;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

function fail($what) {
	if (is_wp_error($what)) $what = $what->get_error_message();
	fwrite(STDERR, "install.php: $what\n");
	exit(1);
}

$admin_password = wp_generate_password(24, false);
$r = wp_install('Kennis test site', 'admin', 'admin@kennis.test', false, '', $admin_password);
if (empty($r['user_id'])) fail('wp_install failed');

// Pretty permalinks (Apache has the rewrite rules), and nothing that pings out.
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
flush_rewrite_rules(false);
update_option('ping_sites', '');
update_option('default_pingback_flag', 0);
update_option('default_ping_status', 'closed');
update_option('blogdescription', 'A WordPress for Kennis\'s tests');

function make_user($login, $role) {
	$password = wp_generate_password(24, false);
	$id = wp_insert_user(array(
		'user_login' => $login,
		'user_pass' => $password,
		'user_email' => "$login@kennis.test",
		'display_name' => ucfirst($login),
		'role' => $role,
	));
	if (is_wp_error($id)) fail($id);
	$app = WP_Application_Passwords::create_new_application_password($id, array('name' => 'Kennis tests'));
	if (is_wp_error($app)) fail($app);
	return array($password, $app[0]);
}

list($kennis_password, $kennis_app) = make_user('kennis', getenv('KENNIS_WP_ROLE'));
list($sub_password, $sub_app) = make_user('kennis-subscriber', 'subscriber');

$home = home_url('/');
echo "KENNIS_WP_URL=$home\n";
echo "KENNIS_WP_USER=kennis\n";
echo "KENNIS_WP_APP_PASSWORD=$kennis_app\n";
echo "KENNIS_WP_LOGIN_PASSWORD=$kennis_password\n";
echo "KENNIS_WP_SUBSCRIBER=kennis-subscriber\n";
echo "KENNIS_WP_SUBSCRIBER_APP_PASSWORD=$sub_app\n";
echo "KENNIS_WP_SUBSCRIBER_LOGIN_PASSWORD=$sub_password\n";
echo "KENNIS_WP_ADMIN=admin\n";
echo "KENNIS_WP_ADMIN_PASSWORD=$admin_password\n";
echo "KENNIS_WP_ROLE=" . getenv('KENNIS_WP_ROLE') . "\n";
PHP

KENNIS_WP_PORT=$port KENNIS_WP_ROLE=$role php "$dir/install.php" >"$dir/env.tmp" 2>"$dir/install.log" ||
  { cat "$dir/install.log" >&2; die "installing the site failed"; }
mv "$dir/env.tmp" "$dir/env"
grep -q '^KENNIS_WP_APP_PASSWORD=[A-Za-z0-9]\{24\}$' "$dir/env" ||
  { cat "$dir/env" "$dir/install.log" >&2; die "install.php wrote no Application Password"; }
# Files the CLI (root) may have made that Apache (www-data) must write.
chown -R www-data:www-data "$content/uploads"

# --- Ready when the API answers ----------------------------------------------
code=000
for _ in $(seq 1 300); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url/wp-json/" || true)
  [ "$code" = 200 ] && break
  sleep 0.1
done
[ "$code" = 200 ] || { tail -n 20 "$ap/error.log" >&2 || true; die "$url/wp-json/ answered $code"; }

t1=$EPOCHREALTIME
awk -v a="$t0" -v b="$t1" -v url="$url/" -v role="$role" \
  'BEGIN { printf "wordpress-up: %s is up (user kennis: %s) in %.1fs\n", url, role, b - a }' >&2
