@echo off
rem git-hydrate: runs the jar on the Java runtime beside it (see docs/PACKAGING.md).
rem GIT_HYDRATE_JAVA_OPTS adds JVM options (e.g. -Xmx1g).
rem
rem Written from src/dist/launcher.cmd by io.githydrate.dist.Launchers, which put in the values below:
rem build.sh for the distribution, install.ps1 or install.sh for a jar installed without one (no
rem runtime\, no class caches, no library in lib\). What each means: src/dist/launcher.sh.
setlocal
set "OPTIONS=@JVM_OPTIONS@"
set "OTHER_JAVA=@JAVA@"
set "LIBRARY=@SQLITE_LIBRARY@"
set "MAIN_CACHE=@MAIN_CACHE@"
set "HOOK_CACHE=@HOOK_CACHE@"
set "UPDATE_CACHE=@UPDATE_CACHE@"
set "FILTER_CACHE=@FILTER_CACHE@"
set "CACHE_OPTION=@CACHE_OPTION@"
set "CACHE_LOG=@CACHE_LOG@"

set "HOME_DIR=%~dp0.."
set "JAVA=%HOME_DIR%\runtime\bin\java.exe"
if not exist "%JAVA%" set "JAVA=%GIT_HYDRATE_JAVA%"
if not defined JAVA set "JAVA=%OTHER_JAVA%"
if not defined JAVA set "JAVA=java"
set "JAR=%HOME_DIR%\lib\git-hydrate.jar"
rem The options for the library and each class cache, empty where there is none. Set without
rem quotes around the whole, so that the folder's name stays quoted within.
set LIBRARY_OPTIONS=
if defined LIBRARY set LIBRARY_OPTIONS=-Dorg.sqlite.lib.path="%HOME_DIR%\lib" -Dorg.sqlite.lib.name=%LIBRARY%
set MAIN_CACHE_OPTIONS=
if defined MAIN_CACHE set MAIN_CACHE_OPTIONS=%CACHE_OPTION%="%HOME_DIR%\lib\%MAIN_CACHE%" -Xlog:%CACHE_LOG%*=off:stderr
set HOOK_CACHE_OPTIONS=
if defined HOOK_CACHE set HOOK_CACHE_OPTIONS=%CACHE_OPTION%="%HOME_DIR%\lib\%HOOK_CACHE%" -Xlog:%CACHE_LOG%*=off:stderr
set UPDATE_CACHE_OPTIONS=
if defined UPDATE_CACHE set UPDATE_CACHE_OPTIONS=%CACHE_OPTION%="%HOME_DIR%\lib\%UPDATE_CACHE%" -Xlog:%CACHE_LOG%*=off:stderr
set FILTER_CACHE_OPTIONS=
if defined FILTER_CACHE set FILTER_CACHE_OPTIONS=%CACHE_OPTION%="%HOME_DIR%\lib\%FILTER_CACHE%" -Xlog:%CACHE_LOG%*=off:stderr

rem C1 only, as the sh launcher runs it, which keeps C2 for files over 512 MiB: here add
rem -XX:TieredStopAtLevel=4 to GIT_HYDRATE_JAVA_OPTS for those.
set "JIT=-XX:TieredStopAtLevel=1"
set "YOUNG="
if "%~1"=="merge-driver" set "YOUNG=-Xmn32m"
if "%~1"=="filter-process" goto filter
if "%~1"=="clean" goto filter
if "%~1"=="smudge" goto filter
if not "%~1"=="hook" goto command
rem Hooks: a small JVM first (QuickHook); after Git moved HEAD, a second one for the work (UpdateHook);
rem when neither is sure, the full command.
"%JAVA%" %OPTIONS% -XX:TieredStopAtLevel=1 %LIBRARY_OPTIONS% %HOOK_CACHE_OPTIONS% %GIT_HYDRATE_JAVA_OPTS% -cp "%JAR%" io.githydrate.hook.QuickHook %* && exit /b 0
if "%~2"=="post-checkout" goto update
if "%~2"=="post-merge" goto update
if "%~2"=="post-rewrite" goto update
if "%~2"=="post-commit" goto update
if "%~2"=="reference-transaction" goto update
goto full
:update
"%JAVA%" %OPTIONS% -XX:TieredStopAtLevel=1 %LIBRARY_OPTIONS% %UPDATE_CACHE_OPTIONS% %GIT_HYDRATE_JAVA_OPTS% -cp "%JAR%" io.githydrate.hook.UpdateHook %* && exit /b 0
:full
set "GIT_HYDRATE_FAST_PATH=0"
:command
"%JAVA%" %OPTIONS% %JIT% %YOUNG% %LIBRARY_OPTIONS% %MAIN_CACHE_OPTIONS% %GIT_HYDRATE_JAVA_OPTS% -cp "%JAR%" io.githydrate.cli.Main %*
exit /b %ERRORLEVEL%
rem Git's filter: both compilers (it hashes whole archives), its own class cache.
:filter
"%JAVA%" %OPTIONS% %LIBRARY_OPTIONS% %FILTER_CACHE_OPTIONS% %GIT_HYDRATE_JAVA_OPTS% -cp "%JAR%" io.githydrate.cli.Main %*
exit /b %ERRORLEVEL%
