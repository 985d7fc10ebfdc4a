# Provisions the database servers the test suites need on a fresh Debian machine: PostgreSQL and
# MariaDB from Debian's packages, started on 127.0.0.1, each with a password-authenticated test user.
# A pipeline with service containers skips all of this by setting the ROLLBACKTOOLS_TEST_* variables.

Set-StrictMode -Version Latest

$script:TestUser = 'rollbacktools'

function Invoke-Native {
    param([string] $FilePath, [string[]] $ArgumentList, [switch] $IgnoreExitCode)
    $output = & $FilePath @ArgumentList 2>&1
    if (-not $IgnoreExitCode -and $LASTEXITCODE -ne 0) {
        throw "$FilePath $($ArgumentList[0]) failed with exit code ${LASTEXITCODE}: $($output | Out-String)"
    }
    $output
}

function Wait-Until {
    param([scriptblock] $Condition, [string] $What, [int] $Seconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (& $Condition) { return }
        Start-Sleep -Milliseconds 500
    }
    throw "$What did not come up within $Seconds s."
}

function Install-TestServerPackages {
    param([switch] $ClientsOnly)
    # The Pester runbooks read schemas and create throwaway databases with the command-line clients.
    $missing = @(
        if (-not $ClientsOnly -and (-not (Get-Command pg_ctlcluster -ErrorAction Ignore) -or -not (Test-Path /usr/lib/postgresql))) { 'postgresql' }
        if (-not $ClientsOnly -and -not (Get-Command mariadbd -ErrorAction Ignore) -and -not (Test-Path /usr/sbin/mariadbd)) { 'mariadb-server' }
        if (-not (Get-Command psql -ErrorAction Ignore)) { 'postgresql-client' }
        if (-not (Get-Command mariadb -ErrorAction Ignore)) { 'mariadb-client' }
        if (-not (Get-Command sqlite3 -ErrorAction Ignore)) { 'sqlite3' }
        # The adoption runbooks let the real Sqitch write its registry, through its database drivers.
        if (-not (Get-Command sqitch -ErrorAction Ignore)) { 'sqitch', 'libdbd-pg-perl', 'libdbd-mysql-perl', 'libdbd-sqlite3-perl' }
        if (-not (Get-Command npm -ErrorAction Ignore)) { 'npm' }
    )
    if ($missing.Count -eq 0) { return }
    Write-Host "Installing $($missing -join ', ') from Debian's packages..."
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native apt-get @('update', '-qq') | Out-Null
    Invoke-Native apt-get (@('install', '-y', '-qq') + $missing) | Out-Null
}

function Install-TestMigrationTools {
    # dbmate from npm, so the adoption runbooks import a history the real tool wrote. Without npm or the
    # registry the runbooks fall back to dbmate's documented table, and say so.
    if ($env:ROLLBACKTOOLS_TEST_DBMATE -and (Test-Path $env:ROLLBACKTOOLS_TEST_DBMATE)) { return }
    $tools = Join-Path ([IO.Path]::GetTempPath()) 'rollbacktools-test-tools'
    $dbmate = Join-Path $tools 'node_modules/.bin/dbmate'
    if (-not (Test-Path $dbmate) -and (Get-Command npm -ErrorAction Ignore)) {
        Write-Host 'Installing dbmate from npm...'
        $null = New-Item -ItemType Directory -Force -Path $tools
        & npm install --prefix $tools --no-audit --no-fund --silent dbmate 2>&1 | Out-Null
    }
    if (Test-Path $dbmate) { $env:ROLLBACKTOOLS_TEST_DBMATE = $dbmate }
    else { Write-Warning 'dbmate could not be installed from npm: the dbmate import runbooks use its documented table instead.' }
}

function New-TestPassword {
    -join ((48..57) + (65..90) + (97..122) | Get-Random -Count 24 | ForEach-Object { [char] $_ })
}

function Start-TestPostgres {
    param([string] $Password)
    $version = (Get-ChildItem /etc/postgresql -Directory | Sort-Object { [int] $_.Name } | Select-Object -Last 1).Name
    $ready = { & pg_isready -h 127.0.0.1 -p 5432 -q; $LASTEXITCODE -eq 0 }
    if (-not (& $ready)) {
        Invoke-Native pg_ctlcluster @($version, 'main', 'start') -IgnoreExitCode | Out-Null
        Wait-Until $ready "PostgreSQL $version"
    }
    $sql = @"
DO `$`$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$script:TestUser') THEN
    CREATE ROLE $script:TestUser LOGIN CREATEDB CREATEROLE;
  END IF;
END`$`$;
ALTER ROLE $script:TestUser WITH LOGIN CREATEDB CREATEROLE PASSWORD '$Password';
"@
    $sql | & runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Creating the PostgreSQL test role failed.' }
    "postgres://${script:TestUser}:$Password@127.0.0.1:5432/postgres"
}

function Start-TestMariaDb {
    param([string] $Password)
    $ready = { & mariadb-admin --protocol=socket -uroot ping *> $null; $LASTEXITCODE -eq 0 }
    # performance_schema counts table reads and writes, which soft-delete usage checks need; it is off by default.
    $counting = { (& mariadb --protocol=socket -uroot -N -e 'SELECT @@performance_schema' 2>$null) -eq '1' }
    if ((& $ready) -and -not (& $counting)) {
        Write-Host 'Restarting MariaDB with performance_schema on...'
        & mariadb-admin --protocol=socket -uroot shutdown *> $null
        Wait-Until { -not (& $ready) } 'MariaDB to stop'
    }
    if (-not (& $ready)) {
        Invoke-Native install @('-d', '-o', 'mysql', '-g', 'mysql', '/run/mysqld') | Out-Null
        & bash -c 'nohup mysqld_safe --bind-address=127.0.0.1 --performance-schema=ON > /tmp/rollbacktools-mariadb.log 2>&1 &'
        Wait-Until $ready 'MariaDB'
    }
    $sql = @"
CREATE USER IF NOT EXISTS '$script:TestUser'@'127.0.0.1' IDENTIFIED BY '$Password';
CREATE USER IF NOT EXISTS '$script:TestUser'@'localhost' IDENTIFIED BY '$Password';
ALTER USER '$script:TestUser'@'127.0.0.1' IDENTIFIED BY '$Password';
ALTER USER '$script:TestUser'@'localhost' IDENTIFIED BY '$Password';
GRANT ALL PRIVILEGES ON *.* TO '$script:TestUser'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$script:TestUser'@'localhost' WITH GRANT OPTION;
"@
    $sql | & mariadb --protocol=socket -uroot | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Creating the MariaDB test user failed.' }
    "mysql://${script:TestUser}:$Password@127.0.0.1:3306/mysql"
}

<#
.SYNOPSIS
Makes sure ROLLBACKTOOLS_TEST_POSTGRES and ROLLBACKTOOLS_TEST_MYSQL point at running servers,
installing and starting local ones where they are not set.
#>
function Initialize-TestDatabases {
    $needPostgres = [string]::IsNullOrEmpty($env:ROLLBACKTOOLS_TEST_POSTGRES)
    $needMySql = [string]::IsNullOrEmpty($env:ROLLBACKTOOLS_TEST_MYSQL)
    $canInstall = $IsLinux -and (Get-Command apt-get -ErrorAction Ignore)
    if (-not ($needPostgres -or $needMySql)) {
        Write-Host 'Using the test servers given by ROLLBACKTOOLS_TEST_POSTGRES and ROLLBACKTOOLS_TEST_MYSQL.'
        if ($canInstall) { Install-TestServerPackages -ClientsOnly }
        Install-TestMigrationTools
        return
    }
    if (-not $canInstall) {
        throw 'Set ROLLBACKTOOLS_TEST_POSTGRES and ROLLBACKTOOLS_TEST_MYSQL to test servers: automatic provisioning needs Debian or Ubuntu.'
    }
    Install-TestServerPackages
    $password = New-TestPassword
    if ($needPostgres) { $env:ROLLBACKTOOLS_TEST_POSTGRES = Start-TestPostgres -Password $password }
    if ($needMySql) { $env:ROLLBACKTOOLS_TEST_MYSQL = Start-TestMariaDb -Password $password }
    Install-TestMigrationTools
    Write-Host 'PostgreSQL and MariaDB are running on 127.0.0.1 with the test user.'
}

Export-ModuleMember -Function Initialize-TestDatabases
