# Builds git-hydrate and installs it for the current user (Windows PowerShell mirror of install.sh):
#   .\install.ps1            build and install to %LOCALAPPDATA%\git-hydrate (or $env:GIT_HYDRATE_PREFIX)
#   .\install.ps1 -Demo      the same, then show it working on a sample database
# Needs a JDK 17+ and Maven to build. Not run on the project's Linux machines: keep it a thin mirror.
param([switch]$Demo)
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
Write-Host "`n== Building git-hydrate"
Push-Location $here
try { & mvn -q -B package -DskipTests; if ($LASTEXITCODE -ne 0) { throw 'build failed' } } finally { Pop-Location }

Write-Host "`n== Installing git-hydrate into $binDir"
New-Item -ItemType Directory -Force -Path $binDir, $shareDir | Out-Null
Copy-Item (Join-Path $here 'target\git-hydrate.jar') (Join-Path $shareDir 'git-hydrate.jar') -Force
$java = (Get-Command java).Source
$launcher = "@echo off`r`n`"$java`" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto %GIT_HYDRATE_JAVA_OPTS% -jar `"$shareDir\git-hydrate.jar`" %*`r`n"
Set-Content -Path (Join-Path $binDir 'git-hydrate.cmd') -Value $launcher -Encoding ASCII -NoNewline
& (Join-Path $binDir 'git-hydrate.cmd') --version
$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not ($userPath -split ';' -contains $binDir)) {
  [Environment]::SetEnvironmentVariable('Path', "$binDir;$userPath", 'User')
  Write-Host "Added $binDir to your user PATH (open a new terminal)."
}

if ($Demo) {
  $gh = Join-Path $binDir 'git-hydrate.cmd'
  $work = Join-Path ([IO.Path]::GetTempPath()) ("git-hydrate-demo-" + [Guid]::NewGuid().ToString('N').Substring(0, 8))
  New-Item -ItemType Directory -Force -Path (Join-Path $work 'app\data') | Out-Null
  Set-Location (Join-Path $work 'app')
  Need sqlite3 'the demo needs the sqlite3 CLI to create its sample database'
  & sqlite3 data\shop.db "CREATE TABLE customers (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, avatar BLOB); CREATE TABLE orders (customer_id INTEGER REFERENCES customers(id), total REAL, note); INSERT INTO customers(name, avatar) VALUES ('Ada', x'89504e47'), ('Grace', NULL); INSERT INTO orders VALUES (1, 12.5, NULL), (1, 250.0, 'rush'), (2, 9.99, 42);"
  Write-Host "`n== git-hydrate dehydrate"; & $gh dehydrate; Get-Content data\shop.db.json
  Write-Host "`n== Change one row, dehydrate again"
  Copy-Item data\shop.db.json (Join-Path $work 'before.json')
  & sqlite3 data\shop.db "UPDATE customers SET name = 'Grace Hopper' WHERE id = 2;"
  & $gh dehydrate
  Compare-Object (Get-Content (Join-Path $work 'before.json')) (Get-Content data\shop.db.json)
  Write-Host "`n== Delete the database, hydrate it back"; Remove-Item data\shop.db; & $gh hydrate
  Write-Host "`n== Status, statistics, round-trip check"; & $gh status; & $gh stats; & $gh verify
  Write-Host "`n== Done. The demo files are in $work"
}
