# Shared by the Pester runbooks: where the built module is and which servers to test against.

function Get-TestModulePath {
    if ($env:ROLLBACKTOOLS_MODULE) { return $env:ROLLBACKTOOLS_MODULE }
    Join-Path $PSScriptRoot '../../out/RollbackTools'
}

function Get-TestServerUrl {
    param([ValidateSet('PostgreSql', 'MySql')] [string] $Provider)
    $variable = if ($Provider -eq 'PostgreSql') { 'ROLLBACKTOOLS_TEST_POSTGRES' } else { 'ROLLBACKTOOLS_TEST_MYSQL' }
    $url = [Environment]::GetEnvironmentVariable($variable)
    if (-not $url) { throw "$variable is not set: run the tests through 'build.ps1 Test', which provisions the servers." }
    $url
}

function Split-TestServerUrl {
    # Separates the password from a test URL so tests can pass it the way users do, through -Credential.
    param([string] $Url)
    $uri = [Uri] $Url
    $user, $password = $uri.UserInfo -split ':', 2
    [pscustomobject]@{
        UrlWithoutPassword = $Url.Replace("${user}:$password@", "$user@")
        User               = [Uri]::UnescapeDataString($user)
        Password           = [Uri]::UnescapeDataString($password)
        Credential         = [pscredential]::new([Uri]::UnescapeDataString($user), (ConvertTo-SecureString ([Uri]::UnescapeDataString($password)) -AsPlainText -Force))
        Host               = $uri.Host
        Port               = $uri.Port
    }
}

function Get-PwshPath {
    # Tests that need a pristine process (assembly conflicts) start one the same way the build does.
    $candidate = Join-Path $PSHOME 'pwsh'
    if ($IsWindows) { $candidate += '.exe' }
    if (Test-Path $candidate) { return $candidate }
    (Get-Command pwsh -ErrorAction Stop).Source
}

function Invoke-TestSql {
    # Runs SQL through the database's own command-line client, independent of the module under test.
    # Returns the result rows as tab-separated lines. The password travels in the client's environment.
    param([Parameter(Mandatory)] [string] $Url, [Parameter(Mandatory)] [string] $Sql)
    if ($Url -notmatch '^(postgres|postgresql|mysql|mariadb)://') {
        $path = $Url -replace '^sqlite:', ''
        $output = $Sql | & sqlite3 -batch -noheader -separator "`t" $path 2>&1
    }
    else {
        $uri = [Uri] $Url
        $user, $password = $uri.UserInfo -split ':', 2
        $password = [Uri]::UnescapeDataString($password)
        $database = $uri.AbsolutePath.TrimStart('/')
        if ($uri.Scheme -like 'postgres*') {
            $env:PGPASSWORD = $password
            $output = $Sql | & psql -h $uri.Host -p $uri.Port -U $user -d $database -At -F "`t" -q -v ON_ERROR_STOP=1 2>&1
            Remove-Item Env:PGPASSWORD
        }
        else {
            $env:MYSQL_PWD = $password
            $output = $Sql | & mariadb -h $uri.Host -P $uri.Port -u $user -D $database --batch --skip-column-names 2>&1
            Remove-Item Env:MYSQL_PWD
        }
    }
    if ($LASTEXITCODE -ne 0) { throw "SQL failed on $($Url -replace ':[^:@/]+@', '@'): $output" }
    $output | ForEach-Object { "$_" }
}

function New-TestDatabase {
    # A throwaway database on the given server (or a fresh SQLite file), returned as a URL with the password.
    param([ValidateSet('PostgreSql', 'MySql', 'Sqlite')] [string] $Provider)
    $name = 'rbt_pester_' + [guid]::NewGuid().ToString('N').Substring(0, 10)
    if ($Provider -eq 'Sqlite') {
        $folder = Join-Path ([IO.Path]::GetTempPath()) $name
        $null = New-Item -ItemType Directory -Path $folder
        return "sqlite:$(Join-Path $folder 'test.db')"
    }
    $server = Get-TestServerUrl $Provider
    $null = Invoke-TestSql -Url $server -Sql "CREATE DATABASE $name"
    $server -replace '/[^/]*$', "/$name"
}

function Remove-TestDatabase {
    param([string] $Url)
    if (-not $Url) { return }
    if ($Url -like 'sqlite:*') {
        Remove-Item -Recurse -Force (Split-Path ($Url -replace '^sqlite:', '')) -ErrorAction Ignore
        return
    }
    $name = ([Uri] $Url).AbsolutePath.TrimStart('/')
    $server = $Url -replace '/[^/]*$', $(if ($Url -like 'postgres*') { '/postgres' } else { '/mysql' })
    $drop = if ($Url -like 'postgres*') { "DROP DATABASE IF EXISTS $name WITH (FORCE)" } else { "DROP DATABASE IF EXISTS $name" }
    # WITH (FORCE) refuses while autovacuum, which no ordinary user may end, works on the database: moments for a
    # test table, tens of seconds after a benchmark wrote millions of rows.
    foreach ($attempt in 1..60) {
        try { $null = Invoke-TestSql -Url $server -Sql $drop; return }
        catch { if ($attempt -eq 60) { throw }; Start-Sleep -Milliseconds 500 }
    }
}

function Get-TestSchema {
    # The user schema as sorted text lines (tables, columns, indexes, constraints), without the module's own tables.
    param([string] $Url)
    $sql = if ($Url -like 'postgres*') {
        @"
SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
  FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE 'rollbacktools%'
UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE 'rollbacktools%'
UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text NOT LIKE 'rollbacktools%'
UNION ALL SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = current_schema()
ORDER BY 1;
"@
    }
    elseif ($Url -like 'mysql*' -or $Url -like 'mariadb*') {
        @"
SELECT CONCAT('column ', table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', coalesce(column_default, ''))
  FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE 'rollbacktools%'
UNION ALL SELECT CONCAT('index ', table_name, '.', index_name, ' ', seq_in_index, ' ', column_name, ' ', non_unique)
  FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name NOT LIKE 'rollbacktools%'
ORDER BY 1;
"@
    }
    else {
        "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE tbl_name NOT LIKE 'rollbacktools%' AND name NOT LIKE 'sqlite_%' ORDER BY 1;"
    }
    @(Invoke-TestSql -Url $Url -Sql $sql)
}

function Get-TestTableNames {
    # Every table in the database, the module's own included: to prove that nothing was created.
    param([string] $Url)
    $sql = if ($Url -like 'postgres*') { "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1;" }
    elseif ($Url -like 'mysql*' -or $Url -like 'mariadb*') { "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1;" }
    else { "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1;" }
    @(Invoke-TestSql -Url $Url -Sql $sql)
}

function New-TestMigrationFolder {
    # Writes migrations given as @{ '1_name.up.sql' = 'SQL'; 'deploy/x.sql' = ... } into a new folder and returns its path.
    param([hashtable] $Files)
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('rbt_migrations_' + [guid]::NewGuid().ToString('N').Substring(0, 10))
    $null = New-Item -ItemType Directory -Path $folder
    foreach ($name in $Files.Keys) {
        $file = Join-Path $folder $name
        $null = New-Item -ItemType Directory -Force -Path (Split-Path $file)
        Set-Content -LiteralPath $file -Value $Files[$name] -NoNewline
    }
    $folder
}

function Start-TestSqlProcess {
    # Runs SQL through the command-line client in the background, as another application would: to hold
    # locks in an open transaction while a test watches. Returns the process.
    param([Parameter(Mandatory)] [string] $Url, [Parameter(Mandatory)] [string] $Sql)
    $uri = [Uri] $Url
    $user, $password = $uri.UserInfo -split ':', 2
    $password = [Uri]::UnescapeDataString($password)
    $database = $uri.AbsolutePath.TrimStart('/')
    $script = [IO.Path]::GetTempFileName()
    Set-Content -LiteralPath $script -Value $Sql
    $log = "$script.out"
    if ($uri.Scheme -like 'postgres*') {
        $env:PGPASSWORD = $password
        $process = Start-Process psql -ArgumentList '-h', $uri.Host, '-p', $uri.Port, '-U', $user, '-d', $database, '-q', '-f', $script -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru
        Remove-Item Env:PGPASSWORD
    }
    else {
        $env:MYSQL_PWD = $password
        $process = Start-Process mariadb -ArgumentList '-h', $uri.Host, '-P', $uri.Port, '-u', $user, '-D', $database -RedirectStandardInput $script -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru
        Remove-Item Env:MYSQL_PWD
    }
    $process
}

function Wait-TestCondition {
    # Polls until the condition holds; throws with the description when it does not within the time.
    param([scriptblock] $Condition, [string] $What, [int] $Seconds = 30)
    $deadline = (Get-Date).AddSeconds($Seconds)
    while ((Get-Date) -lt $deadline) {
        $value = & $Condition
        if ($value) { return $value }
        Start-Sleep -Milliseconds 100
    }
    throw "Timed out after $Seconds s waiting for: $What"
}

function Get-TestCustomerState {
    # "The state before the run" in the rollback runbooks: the schema, and every row of customers.
    param([string] $Url)
    [pscustomobject]@{
        Schema = (Get-TestSchema $Url) -join "`n"
        Rows   = (Invoke-TestSql -Url $Url -Sql 'SELECT id, name FROM customers ORDER BY id;') -join "`n"
    }
}


function Stop-TestDatabaseSessions {
    # Ends every session on one test database from outside, as a failover, a restart or an operator's
    # Stop-MigrationQuery -Terminate would: what a driver's pool holds for that database is dead after this.
    param([Parameter(Mandatory)] [string] $Url)
    $name = ([Uri] $Url).AbsolutePath.TrimStart('/')
    if ($Url -like 'postgres*') {
        $null = Invoke-TestSql -Url $Url -Sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$name' AND pid <> pg_backend_pid();"
        return
    }
    $ids = Invoke-TestSql -Url $Url -Sql "SELECT id FROM information_schema.processlist WHERE db = '$name' AND id <> CONNECTION_ID();"
    foreach ($id in $ids) {
        try { $null = Invoke-TestSql -Url $Url -Sql "KILL CONNECTION $id;" } catch { if ("$_" -notmatch 'Unknown thread') { throw } }
    }
}

function Start-PrivatePostgres {
    # A PostgreSQL of the test's own (data folder, port), that the test may restart or stop: never the shared one.
    # Returns $null where the machine cannot run one (no initdb, not root to run it as postgres).
    param([int] $Port = 5441)
    $bin = Get-ChildItem '/usr/lib/postgresql/*/bin/initdb' -ErrorAction Ignore | Sort-Object FullName | Select-Object -Last 1
    if (-not $bin -or -not (Get-Command runuser -ErrorAction Ignore) -or (& id -u) -ne '0') { return $null }
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('rbt_pg_' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder
    $password = 'P' + [guid]::NewGuid().ToString('N')
    Set-Content -LiteralPath "$folder/pw" -Value $password -NoNewline
    & chown -R postgres $folder
    $data = "$folder/data"
    & runuser -u postgres -- $bin.FullName -D $data -U rbt --auth-host=scram-sha-256 --auth-local=trust "--pwfile=$folder/pw" *> "$folder/initdb.log"
    if ($LASTEXITCODE -ne 0) { throw "initdb failed: $(Get-Content -Raw "$folder/initdb.log")" }
    $server = [pscustomobject]@{ Folder = $folder; Data = $data; Bin = $bin.DirectoryName; Port = $Port; Url = "postgres://rbt:$password@127.0.0.1:$Port/postgres" }
    Invoke-PrivatePostgres $server start
    $server
}

function Invoke-PrivatePostgres {
    param([Parameter(Mandatory)] $Server, [ValidateSet('start', 'restart', 'stop')] [string] $Action)
    $options = "-p $($Server.Port) -c listen_addresses=127.0.0.1 -k $($Server.Folder)"
    & runuser -u postgres -- "$($Server.Bin)/pg_ctl" -D $Server.Data -o $options -l "$($Server.Folder)/server.log" -w -m fast $Action *> "$($Server.Folder)/pg_ctl.log"
    if ($LASTEXITCODE -ne 0) { throw "pg_ctl $Action failed: $(Get-Content -Raw "$($Server.Folder)/pg_ctl.log")" }
}

function Remove-PrivatePostgres {
    param($Server)
    if (-not $Server) { return }
    try { Invoke-PrivatePostgres $Server stop } catch { }
    Remove-Item -Recurse -Force $Server.Folder -ErrorAction Ignore
}

function Start-PrivateMariaDb {
    # A MariaDB of the test's own (data folder, port, extra server options such as the binary log), never the
    # shared one. Returns $null where the machine cannot run one (no mariadb-install-db, not root).
    param([int] $Port = 3311, [string[]] $ServerOption = @())
    $install = Get-Command mariadb-install-db -ErrorAction Ignore
    $daemon = @('/usr/sbin/mariadbd', '/usr/sbin/mysqld') | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $install -or -not $daemon -or (& id -u) -ne '0') { return $null }
    $folder = Join-Path ([IO.Path]::GetTempPath()) ('rbt_maria_' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder
    & chown -R mysql $folder
    & $install.Source --datadir="$folder/data" --user=mysql --auth-root-authentication-method=socket *> "$folder/install.log"
    if ($LASTEXITCODE -ne 0) { throw "mariadb-install-db failed: $(Get-Content -Raw "$folder/install.log")" }
    $socket = "$folder/mysqld.sock"
    $arguments = @("--datadir=$folder/data", "--port=$Port", "--socket=$socket", '--bind-address=127.0.0.1', '--user=mysql', "--pid-file=$folder/mysqld.pid", "--log-error=$folder/error.log") + $ServerOption
    $process = Start-Process -FilePath $daemon -ArgumentList $arguments -PassThru -RedirectStandardOutput "$folder/out.log" -RedirectStandardError "$folder/err.log"
    $password = 'P' + [guid]::NewGuid().ToString('N')
    try { $null = Wait-TestCondition -Seconds 60 -What 'the private MariaDB to accept connections' -Condition { & mariadb -S $socket -u root -e 'SELECT 1' *> $null; $LASTEXITCODE -eq 0 } }
    catch { throw "The private MariaDB did not start: $(Get-Content -Raw "$folder/error.log" -ErrorAction Ignore)" }
    # Every host form a TCP login from 127.0.0.1 can be matched by, so no anonymous account wins over it.
    $grants = foreach ($hostName in '%', 'localhost', '127.0.0.1') { "CREATE USER 'rbt'@'$hostName' IDENTIFIED BY '$password'; GRANT ALL PRIVILEGES ON *.* TO 'rbt'@'$hostName' WITH GRANT OPTION;" }
    & mariadb -S $socket -u root -e ($grants -join ' ')
    [pscustomobject]@{ Folder = $folder; Socket = $socket; Process = $process; Port = $Port; Url = "mysql://rbt:$password@127.0.0.1:$Port/mysql" }
}

function Remove-PrivateMariaDb {
    param($Server)
    if (-not $Server) { return }
    & mariadb-admin -S $Server.Socket -u root shutdown *> $null
    if (-not $Server.Process.WaitForExit(30000)) { $Server.Process.Kill() }
    Remove-Item -Recurse -Force $Server.Folder -ErrorAction Ignore
}

function Start-ModuleProcess {
    # A separate pwsh with the module imported, running one command as an agent or an operator's second
    # window would: for faults that must hit a real process (terminated sessions, restarts, kills).
    param([Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string] $OutFile)
    $script = "Import-Module '$(Get-TestModulePath)'; `$ProgressPreference = 'SilentlyContinue'; $Command"
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    Start-Process -FilePath (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded -RedirectStandardOutput $OutFile -RedirectStandardError "$OutFile.err" -PassThru
}

function Wait-TestStatement {
    # Waits until another session on the database's server runs a statement LIKE the pattern, so a fault
    # lands while it runs. Returns $true once seen, $false when the time ran out.
    param([Parameter(Mandatory)] [string] $Url, [Parameter(Mandatory)] [string] $Like, [int] $TimeoutSeconds = 60)
    $pattern = $Like.Replace("'", "''")
    $sql = if ($Url -like 'postgres*') {
        "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '$pattern' AND pid <> pg_backend_pid();"
    }
    else {
        "SELECT count(*) FROM information_schema.processlist WHERE info LIKE '$pattern' AND id <> CONNECTION_ID();"
    }
    $deadline = (Get-Date).AddSeconds($TimeoutSeconds)
    while ((Get-Date) -lt $deadline) {
        if ((Invoke-TestSql -Url $Url -Sql $sql) -ne '0') { return $true }
        Start-Sleep -Milliseconds 50
    }
    $false
}

function Invoke-IsolatedPwsh {
    # A child pwsh with the module imported, as a pipeline's script task runs it: its exit code and everything it
    # wrote. -HomePath puts HOME in a scratch folder, so what it registers or installs for the current user (help,
    # repositories) stays out of the real profile; -PathPrefix puts stand-ins first; -Environment sets (or, with
    # $null, removes) variables such as TF_BUILD for the child alone.
    param([Parameter(Mandatory)] [string] $Command, [string] $HomePath, [string] $PathPrefix, [hashtable] $Environment = @{})
    $changed = @{ HOME = $HomePath; PATH = $(if ($PathPrefix) { $PathPrefix + [IO.Path]::PathSeparator + $env:PATH }) }.GetEnumerator() | Where-Object Value
    $settings = @(@($changed) + @($Environment.GetEnumerator()))
    $saved = @{}
    foreach ($setting in $settings) { $saved[$setting.Key] = [Environment]::GetEnvironmentVariable($setting.Key) }
    try {
        foreach ($setting in $settings) { [Environment]::SetEnvironmentVariable($setting.Key, $setting.Value) }
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -Command "Import-Module '$(Get-TestModulePath)'; $Command" 2>&1
        # Line by line, never re-wrapped to a console width: logging commands are matched whole.
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = (@($output | ForEach-Object { "$_" }) -join [Environment]::NewLine) }
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
}

Export-ModuleMember -Function *
