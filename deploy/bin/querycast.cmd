@echo off
rem Starts Querycast from its install directory (the one holding querycast.jar, config\, queries\, routes\).
rem JAVA_OPTS adds JVM options (default -Xmx512m); arguments are passed on. The Windows service runs java itself
rem (deploy\querycast-service.xml); this script is for a console run.
setlocal
cd /d "%~dp0.."
if "%JAVA_OPTS%"=="" set JAVA_OPTS=-Xmx512m
if defined JAVA_HOME (set JAVA="%JAVA_HOME%\bin\java") else (set JAVA=java)
%JAVA% %JAVA_OPTS% -jar querycast.jar %*
