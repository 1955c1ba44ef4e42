# Builds git-hydrate and installs it for the current user (Windows PowerShell mirror of install.sh):
#   .\install.ps1 [REPO]     build, install to %LOCALAPPDATA%\git-hydrate (or $env:GIT_HYDRATE_PREFIX),
#                            and set up the Git repository REPO (default: the current one, if not this checkout)
#   .\install.ps1 -Demo      build and install, then show the daily flow on sample repositories,
#                            in hooks mode and then in filter mode
# Needs a JDK 17+ and Maven to build; installs the self-contained distribution when it could be built (see
# docs/PACKAGING.md), else the jar with the same launcher, run by the java on PATH. Not run on the
# project's Linux machines: keep it a thin mirror of install.sh.
param([string]$Repo = '', [switch]$Demo)
$ErrorActionPreference = 'Stop'

$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$prefix = if ($env:GIT_HYDRATE_PREFIX) { $env:GIT_HYDRATE_PREFIX } else { Join-Path $env:LOCALAPPDATA 'git-hydrate' }
$binDir = Join-Path $prefix 'bin'
$shareDir = Join-Path $prefix 'share'

function Need($command, $hint) {
  if (-not (Get-Command $command -ErrorAction SilentlyContinue)) { throw "install.ps1: $command is needed: $hint" }
}

Need java 'install a JDK 17 or newer'
Need mvn 'install Maven'
# The self-contained distribution is built by a POSIX sh script: Git for Windows has one in its bin\.
$distFlag = if (Get-Command sh -ErrorAction SilentlyContinue) { '-Ddist.skip=false' } else {
  Write-Warning 'sh not found (Git for Windows: add its bin\ folder to PATH): installing the jar, run by the system java'
  '-Ddist.skip=true'
}
Write-Host "`n== Building git-hydrate"
Push-Location $here
try { & mvn -q -B package -DskipTests $distFlag; if ($LASTEXITCODE -ne 0) { throw 'build failed' } } finally { Pop-Location }

Write-Host "`n== Installing git-hydrate into $binDir"
New-Item -ItemType Directory -Force -Path $binDir, $shareDir | Out-Null
# Copied beside the installed folder, then swapped, so a hook that starts meanwhile finds one whole version.
$installed = Join-Path $shareDir 'git-hydrate'
$dist = Join-Path $here 'target\git-hydrate'
$jar = Join-Path $here 'target\git-hydrate.jar'
$useDist = (Test-Path (Join-Path $dist 'bin\git-hydrate.cmd')) -and
  ((Get-FileHash $jar).Hash -eq (Get-FileHash (Join-Path $dist 'lib\git-hydrate.jar')).Hash)
Remove-Item -Recurse -Force "$installed.new", "$installed.old" -ErrorAction SilentlyContinue
if ($useDist) {
  Copy-Item -Recurse $dist "$installed.new"   # keeps modification times, which the class cache checks
} else {
  # The jar with the distribution's launchers and JVM options (src\dist\launcher.cmd, jvm-options),
  # which run it on this java when there is no runtime\ beside it, as install.sh does.
  $java = (Get-Command java).Source
  New-Item -ItemType Directory -Force -Path "$installed.new\lib" | Out-Null
  Copy-Item $jar, (Join-Path $here 'src\dist\quick-hook.sh') "$installed.new\lib"
  $page = Join-Path $here 'target\git-hydrate.1'
  if (Test-Path $page) {
    New-Item -ItemType Directory -Force -Path "$installed.new\share\man\man1" | Out-Null
    Copy-Item $page "$installed.new\share\man\man1"
  }
  & $java -cp $jar io.githydrate.dist.Launchers write (Join-Path $here 'src\dist') "$installed.new" "JAVA=$java"
  if ($LASTEXITCODE -ne 0) { throw 'install.ps1: could not write the launchers' }
}
if (Test-Path $installed) { Rename-Item $installed "$installed.old" }
Rename-Item "$installed.new" $installed
Remove-Item -Recurse -Force "$installed.old" -ErrorAction SilentlyContinue
$launcher = "@echo off`r`n`"$installed\bin\git-hydrate.cmd`" %*`r`n"
Set-Content -Path (Join-Path $binDir 'git-hydrate.cmd') -Value $launcher -Encoding ASCII -NoNewline
& (Join-Path $binDir 'git-hydrate.cmd') --version
$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not ($userPath -split ';' -contains $binDir)) {
  [Environment]::SetEnvironmentVariable('Path', "$binDir;$userPath", 'User')
  Write-Host "Added $binDir to your user PATH (open a new terminal)."
}

$target = $Repo
if (-not $target) {
  $top = (& git rev-parse --show-toplevel 2>$null)
  if ($LASTEXITCODE -eq 0 -and $top -and ((Resolve-Path $top).Path -ne (Resolve-Path $here).Path)) { $target = $top }
}
if ($target) {
  Write-Host "`n== Setting up the repository in $target"
  Push-Location $target
  try { & (Join-Path $binDir 'git-hydrate.cmd') install } finally { Pop-Location }
}

function G { & git -c user.name=Demo -c user.email=demo@example.com -c init.defaultBranch=main @args }

if ($Demo) {
  $env:Path = "$binDir;$env:Path"
  $gh = Join-Path $binDir 'git-hydrate.cmd'
  Need git 'the demo needs git'
  Need sqlite3 'the demo needs the sqlite3 CLI to edit its sample database'
  $work = Join-Path ([IO.Path]::GetTempPath()) ("git-hydrate-demo-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
  New-Item -ItemType Directory -Force -Path $work | Out-Null
  Write-Host "`n== Demo in ${work}: a shared remote and two clones, alice and bob"
  G init -q --bare "$work\remote.git"
  G clone -q "$work\remote.git" "$work\alice" 2>$null
  Set-Location "$work\alice"
  & $gh install | Out-Null
  & sqlite3 shop.db "CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, avatar BLOB); INSERT INTO customers(name, avatar) VALUES ('Ada', x'89504e47'), ('Grace', NULL);"
  Write-Host "`n== alice: git add . && git commit"
  G add .; G commit -q -m "Add the shop database"; G ls-files; G push -q origin main
  Write-Host "`n== bob: git clone, git hydrate install"
  G clone -q "$work\remote.git" "$work\bob"; Set-Location "$work\bob"; & $gh install
  & sqlite3 shop.db "SELECT id, name FROM customers;"
  Write-Host "`n== alice: change one row, git hydrate add, commit, push"
  Set-Location "$work\alice"
  & sqlite3 shop.db "UPDATE customers SET name = 'Grace Hopper' WHERE id = 2;"
  & $gh add; G commit -q -m "Grace's full name"; G push -q origin main
  Write-Host "`n== bob: git pull"
  Set-Location "$work\bob"; G pull -q; & sqlite3 shop.db "SELECT id, name FROM customers;"
  Write-Host "`n== bob: branch switch there and back"
  G switch -q -c vip; & sqlite3 shop.db "INSERT INTO customers(name) VALUES ('Linus');"; & $gh add | Out-Null
  G commit -q -m "Add Linus"; G switch -q main; & sqlite3 shop.db "SELECT count(*) FROM customers;"
  G switch -q vip; & sqlite3 shop.db "SELECT count(*) FROM customers;"
  & $gh status; & $gh doctor
  Write-Host "`n== alice: git hydrate install --filter, commit, push"
  Set-Location "$work\alice"; G pull -q; & $gh install --filter; G status --short
  G commit -q -m "Keep the databases in filter mode"; G push -q origin main
  Write-Host "`n== bob: git pull, git hydrate install"
  Set-Location "$work\bob"; G switch -q main; G pull -q; & $gh install; & sqlite3 shop.db "SELECT id, name FROM customers;"
  Write-Host "`n== bob: git status, git diff, git commit -a"
  & sqlite3 shop.db "UPDATE customers SET name = 'Ada Lovelace' WHERE id = 1;"
  G status --short; G diff; G commit -q -a -m "Ada's full name"; G push -q origin main
  Write-Host "`n== alice: git pull, git stash, git stash pop"
  Set-Location "$work\alice"; G pull -q; & sqlite3 shop.db "SELECT id, name FROM customers;"
  & sqlite3 shop.db "DELETE FROM customers WHERE id = 2;"; G stash -q; & sqlite3 shop.db "SELECT count(*) FROM customers;"
  G stash pop -q; & sqlite3 shop.db "SELECT count(*) FROM customers;"; G status --short
  Write-Host "`n== alice: git hydrate log, and the SQL from HEAD back to the first commit (migration --reverse)"
  & $gh log -- shop.db
  $first = (G rev-list --max-parents=0 HEAD)
  $scratch = Join-Path $work 'migration'
  New-Item -ItemType Directory -Force -Path $scratch | Out-Null
  & $gh migration --reverse $first HEAD shop.db -o "$scratch\down.sql"
  cmd /c "git show HEAD:shop.db > `"$scratch\head.json`"" # byte for byte: PowerShell's > would re-encode
  & $gh hydrate "$scratch\head.json" -o "$scratch\copy.db" | Out-Null
  Get-Content -Raw "$scratch\down.sql" | & sqlite3 -bail "$scratch\copy.db"
  & sqlite3 "$scratch\copy.db" "SELECT group_concat(name, ', ') FROM customers;"
  Write-Host "`n== alice: git hydrate diagram and git hydrate docs"
  & $gh diagram shop.db -o "$work\shop.svg"; & $gh docs -o "$work\database-docs"
  Write-Host "`n== CI: git hydrate check in a fresh clone"
  G clone -q "$work\remote.git" "$work\ci"; Set-Location "$work\ci"; & $gh check
  Write-Host "`n== app: a token, the sessions and a 5 MB image kept out of the archive's lines (.hydrateconfig)"
  G init -q --bare "$work\app-remote.git"; G clone -q "$work\app-remote.git" "$work\app"; Set-Location "$work\app"
  & $gh install | Out-Null
  Set-Content -Path .hydrateconfig -Value "[database `"app.db`"]`n`tredact = api_keys.token `${PAYMENTS_TOKEN}`n`texclude-rows = sessions`n`tlarge-values = 1m"
  $token = 'sk_live_demo_7f3a9c1e5b'
  & sqlite3 app.db "CREATE TABLE api_keys (service TEXT PRIMARY KEY, token TEXT); CREATE TABLE sessions (id TEXT PRIMARY KEY, user TEXT, expires INTEGER); CREATE TABLE images (id INTEGER PRIMARY KEY, name TEXT, data BLOB); INSERT INTO api_keys VALUES ('payments', '$token'); INSERT INTO sessions VALUES ('c0ffee', 'ada', 1767225600); INSERT INTO images(name, data) VALUES ('banner.png', randomblob(5 * 1024 * 1024));"
  G add .; G commit -q -m "Add the app database"; G push -q origin main; G ls-files
  Write-Host "Git objects holding the token: $((G cat-file --batch-all-objects --batch | Select-String -SimpleMatch $token | Measure-Object).Count)"
  G clone -q "$work\app-remote.git" "$work\app-ci"; Set-Location "$work\app-ci"
  $env:PAYMENTS_TOKEN = $token; & $gh install | Out-Null; Remove-Item Env:PAYMENTS_TOKEN
  & sqlite3 app.db "SELECT token FROM api_keys; SELECT length(data) FROM images; SELECT count(*) FROM sessions;"
  Set-Location "$work\app"; & $gh audit -n 6
  Write-Host "`n== Done. The demo repositories are in $work"
}
