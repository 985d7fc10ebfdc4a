BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    # Only the Integration runbooks use the servers; without them those are not run at all.
    if ($env:ROLLBACKTOOLS_TEST_POSTGRES) { $script:Postgres = Split-TestServerUrl (Get-TestServerUrl PostgreSql) }
    if ($env:ROLLBACKTOOLS_TEST_MYSQL) { $script:MySql = Split-TestServerUrl (Get-TestServerUrl MySql) }
    $script:Temp = Join-Path ([IO.Path]::GetTempPath()) "rbt-pester-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $null = New-Item -ItemType Directory -Path $Temp
}

AfterAll {
    Remove-Item -Recurse -Force $Temp -ErrorAction Ignore
}

Describe 'Test-MigrationConnection on <Provider>' -Tag Integration -ForEach @(
    @{ Provider = 'PostgreSql'; Server = 'Postgres'; Product = 'PostgreSQL'; Transactional = $true }
    @{ Provider = 'MySql'; Server = 'MySql'; Product = 'MariaDB|MySQL'; Transactional = $false }
) {
    It 'reports provider, version, transactional DDL, user and latency' {
        $server = Get-Variable -Name $Server -ValueOnly
        $result = Test-MigrationConnection -Database $server.UrlWithoutPassword -Credential $server.Credential

        $result.Provider | Should -Be $Provider
        $result.ServerVersion | Should -Match $Product
        $result.TransactionalDdl | Should -Be $Transactional
        $result.CurrentUser | Should -Match "^$($server.User)"
        $result.LatencyMs | Should -BeGreaterThan 0
        $result.Url | Should -Not -Match ([regex]::Escape($server.Password))
    }

    It 'works through a Connect-MigrationDatabase object' {
        $server = Get-Variable -Name $Server -ValueOnly
        $db = Connect-MigrationDatabase -Url $server.UrlWithoutPassword -Credential $server.Credential
        $db.Provider | Should -Be $Provider
        $db.HasPassword | Should -BeTrue
        (Test-MigrationConnection -Database $db).Provider | Should -Be $Provider
    }

    It 'fails with AuthenticationFailed for a wrong password, naming no password' {
        $server = Get-Variable -Name $Server -ValueOnly
        $wrong = [pscredential]::new($server.User, (ConvertTo-SecureString 'Wr0ng-Passw0rd-Xyz' -AsPlainText -Force))
        $err = $null
        Test-MigrationConnection -Database $server.UrlWithoutPassword -Credential $wrong -ErrorVariable err -ErrorAction SilentlyContinue

        $err[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        ($err[0] | Out-String) + $err[0].Exception.ToString() | Should -Not -Match 'Wr0ng-Passw0rd-Xyz'
    }

    It 'fails within -ConnectTimeout with DatabaseUnreachable, naming host, port and limit, when the server accepts and never answers (<_>)' -ForEach @('parameter', 'connect_timeout', 'timeout') {
        # The kernel completes the handshake for a listening socket nobody reads: a hung server, as seen from a client.
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $scheme = if ($Provider -eq 'PostgreSql') { 'postgres' } else { 'mysql' }
            $url = "${scheme}://nobody@127.0.0.1:$port/db"
            $timeout = @{}
            switch ($_) {
                'parameter' { $timeout.ConnectTimeout = '2s' }
                'connect_timeout' { $url += '?connect_timeout=2' }
                'timeout' { $url += '?timeout=2' }
            }
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $err = $null
            Get-Migration -Database $url @timeout -ErrorVariable err -ErrorAction SilentlyContinue
            $clock.Stop()

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'the limit is 2 s, not the 15 s default'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseUnreachable,*'
            $err[0].Exception.Message | Should -Match "127\.0\.0\.1:$port"
            $err[0].Exception.Message | Should -Match '2 s'
        }
        finally {
            $listener.Stop()
        }
    }

    It 'fails with DatabaseUnreachable, not QueryFailed, for a port that speaks another protocol' {
        $other = if ($Provider -eq 'PostgreSql') { $MySql } else { $Postgres }
        $scheme = if ($Provider -eq 'PostgreSql') { 'postgres' } else { 'mysql' }
        $err = $null
        Test-MigrationConnection -Database "${scheme}://nobody@$($other.Host):$($other.Port)/db" -ConnectTimeout 5s -ErrorVariable err -ErrorAction SilentlyContinue

        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseUnreachable,*'
        $err[0].Exception.Message | Should -Match "$($other.Port)"
    }

    It 'fails with DatabaseUnreachable for a closed port' {
        $err = $null
        $closed = if ($Provider -eq 'PostgreSql') { 'postgres://nobody@127.0.0.1:1/db' } else { 'mysql://nobody@127.0.0.1:1/db' }
        Test-MigrationConnection -Database $closed -ConnectTimeout 5s -ErrorVariable err -ErrorAction SilentlyContinue

        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseUnreachable,*'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }

    It 'accepts a connection string with -Provider' {
        $server = Get-Variable -Name $Server -ValueOnly
        $connectionString = if ($Provider -eq 'PostgreSql') { "Host=$($server.Host);Port=$($server.Port);Database=postgres" } else { "Server=$($server.Host);Port=$($server.Port);Database=mysql" }
        $result = Connect-MigrationDatabase -ConnectionString $connectionString -Provider $Provider -Credential $server.Credential
        $result.Host | Should -Be $server.Host
        (Test-MigrationConnection -Database $connectionString -Provider $Provider -Credential $server.Credential).Provider | Should -Be $Provider
    }
}

Describe 'Test-MigrationConnection on SQLite' {
    It 'needs no server and reports transactional DDL' {
        $result = Test-MigrationConnection -Database (Join-Path $Temp 'a.db')
        $result.Provider | Should -Be 'Sqlite'
        $result.ServerVersion | Should -Match 'SQLite 3\.'
        $result.TransactionalDdl | Should -BeTrue
    }

    It 'resolves a relative path against the PowerShell location' {
        Push-Location $Temp
        try {
            $db = Connect-MigrationDatabase -Url 'sqlite:relative.db'
            $db.DatabaseName | Should -Be (Join-Path $Temp 'relative.db')
            Join-Path $Temp 'relative.db' | Should -Exist
        }
        finally { Pop-Location }
    }

    It 'falls back to $env:DATABASE_URL' {
        $env:DATABASE_URL = "sqlite:$(Join-Path $Temp 'env.db')"
        try {
            (Test-MigrationConnection).Url | Should -Be "sqlite:$(Join-Path $Temp 'env.db')"
        }
        finally { Remove-Item Env:DATABASE_URL }
    }

    It 'fails with DatabaseUnreachable for a folder that does not exist' {
        $err = $null
        Test-MigrationConnection -Database '/no/such/folder/x.db' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseUnreachable,*'
    }

    It 'answers $true or $false with -Quiet' {
        Test-MigrationConnection -Database (Join-Path $Temp 'q.db') -Quiet | Should -BeTrue
        Test-MigrationConnection -Database '/no/such/folder/x.db' -Quiet | Should -BeFalse
    }
}

Describe 'Invalid targets' {
    It 'rejects an unknown scheme with InvalidDatabaseUrl' {
        $err = $null
        Test-MigrationConnection -Database 'oracle://scott@db1/orcl' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidDatabaseUrl,RollbackTools.Commands.TestMigrationConnectionCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'

        Connect-MigrationDatabase -Url 'oracle://scott@db1/orcl' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidDatabaseUrl,RollbackTools.Commands.ConnectMigrationDatabaseCommand'
    }

    It 'rejects a connection string without -Provider with InvalidDatabaseUrl' {
        $err = $null
        Test-MigrationConnection -Database 'Host=db1;Database=shop' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDatabaseUrl,*'
    }

    It 'says DatabaseNotSpecified when there is no -Database and no DATABASE_URL' {
        Remove-Item Env:DATABASE_URL -ErrorAction Ignore
        $err = $null
        Test-MigrationConnection -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DatabaseNotSpecified,*'
    }

    It 'can be caught with try/catch and -ErrorAction Stop' {
        { Test-MigrationConnection -Database 'postgres://x@127.0.0.1:1/db' -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseUnreachable,RollbackTools.Commands.TestMigrationConnectionCommand'
    }
}

Describe 'Passwords' -Tag Integration {
    It 'appear in no output stream, with -Verbose and -Debug, whether given in the URL or by -Credential' {
        $DebugPreference = 'Continue'
        $everything = & {
            $fromUrl = Connect-MigrationDatabase -Url (Get-TestServerUrl PostgreSql) -Verbose -Debug
            $fromUrl
            $fromUrl | Format-List * | Out-String
            $fromUrl | Format-Table | Out-String
            $fromUrl.ToString()
            $fromUrl | ConvertTo-Json -Depth 4
            Test-MigrationConnection -Database $fromUrl -Verbose -Debug | Format-List * | Out-String
            Test-MigrationConnection -Database $MySql.UrlWithoutPassword -Credential $MySql.Credential -Verbose -Debug | ConvertTo-Json -Depth 4
            Test-MigrationConnection -Database ($Postgres.UrlWithoutPassword -replace '127\.0\.0\.1:\d+', '127.0.0.1:1') -Credential $Postgres.Credential -Verbose -Debug -ErrorAction Continue
        } *>&1 | Out-String -Width 400

        $everything | Should -Match 'VERBOSE|Connecting'
        $everything | Should -Not -Match ([regex]::Escape($Postgres.Password))
        $everything | Should -Not -Match ([regex]::Escape($MySql.Password))
    }
}

Describe 'The first cmdlet after the server ended every session of the database on <Provider>' -Tag Integration -ForEach @(
    @{ Provider = 'PostgreSql' }
    @{ Provider = 'MySql' }
) {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;'
            '2_b.up.sql' = 'CREATE TABLE b (id INTEGER);'; '2_b.down.sql' = 'DROP TABLE b;'
        }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'works: the dead pooled connections are replaced before any statement runs' {
        $null = Invoke-Migration -Path $Folder -Database $Db -Count 1
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Pending')

        Stop-TestDatabaseSessions $Db
        (Get-Migration -Path $Folder -Database $Db -ErrorAction Stop).State | Should -Be @('Applied', 'Pending')

        Stop-TestDatabaseSessions $Db
        $run = Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop
        $run.Status | Should -Be 'Succeeded'
        (Get-MigrationHistory -Database $Db).ForEach({ '{0} {1} {2}' -f $_.Version, $_.Action, $_.Status }) | Should -Be @('1 Up Succeeded', '2 Up Succeeded') -Because 'nothing ran twice'
    }
}

Describe 'The first cmdlet after a private PostgreSQL restarted' -Tag Integration {
    BeforeAll {
        $script:Server = Start-PrivatePostgres -Port 5441
        if ($Server) {
            $null = Invoke-TestSql -Url $Server.Url -Sql 'CREATE DATABASE restarted;'
            $script:Db = $Server.Url -replace '/postgres$', '/restarted'
            $script:Folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        }
    }

    AfterAll {
        Remove-PrivatePostgres $Server
        if ($Server) { Remove-Item -Recurse -Force $Folder -ErrorAction Ignore }
    }

    It 'works, without a word about the dead connection' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL (initdb, root)'; return }
        $null = Invoke-Migration -Path $Folder -Database $Db
        Invoke-PrivatePostgres $Server restart

        $info = Get-Migration -Path $Folder -Database $Db -ErrorAction Stop
        $info.State | Should -Be 'Applied'
        (Undo-Migration -Database $Db -Confirm:$false -ErrorAction Stop).Status | Should -Be 'Succeeded'
    }
}

Describe 'Clear errors for SQLite paths, read-only files and retention' {
    It 'a folder given as the database is DatabaseUnreachable, not a list of Pending migrations' {
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        try {
            { Get-Migration -Path $folder -Database "sqlite:$folder" -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseUnreachable*'
            { Get-Migration -Path $folder -Database (Join-Path $folder 'no/such/folder/x.db') -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseUnreachable*'
        }
        finally { Remove-Item -Recurse -Force $folder }
    }

    It 'reading a SQLite file that is not there never creates it (<_>)' -ForEach @('Get-MigrationSchema', 'Get-RollbackPlan', 'New-MigrationIncidentReport', 'Get-Migration', 'Get-MigrationHistory') {
        $file = Join-Path $Temp "absent-$_.db"
        try { $null = & $_ -Database $file -ErrorAction Stop } catch { $_.FullyQualifiedErrorId | Should -BeLike 'DatabaseNotFound*' }
        Test-Path $file | Should -BeFalse
    }

    It 'a read-only SQLite database is PermissionDenied, and nothing is half-applied' {
        $file = Join-Path $Temp 'readonly.db'
        $null = Invoke-TestSql -Url "sqlite:$file" -Sql 'CREATE TABLE keep (id INTEGER);'
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        try {
            $err = $null
            Invoke-Migration -Path $folder -Database "sqlite:$($file)?Mode=ReadOnly" -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InsufficientPrivilege*'
            $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            Get-TestTableNames "sqlite:$file" | Should -Be @('keep')
        }
        finally { Remove-Item -Recurse -Force $folder }
    }

    It 'a SQLite error carries the driver''s prefix once' {
        $file = Join-Path $Temp 'prefix.db'
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'INSERT INTO no_such_table VALUES (1);'; '1_a.down.sql' = 'SELECT 1;' }
        try {
            $run = Invoke-Migration -Path $folder -Database $file -ErrorAction SilentlyContinue
            $run.Error | Should -Match 'SQLite error 1: no such table: no_such_table'
            $run.Error | Should -Not -Match 'SQLite error \d+: SQLite Error'
        }
        finally { Remove-Item -Recurse -Force $folder }
    }

    It '-RetainFor beyond what a date can hold is InvalidRetention naming the limit, and nothing is created (<Command>)' -ForEach @(
        @{ Command = 'New-MigrationBackup' }
        @{ Command = 'Remove-MigrationTable' }
    ) {
        $file = Join-Path $Temp "retain-$Command.db"
        $null = Invoke-TestSql -Url "sqlite:$file" -Sql 'CREATE TABLE orders (id INTEGER PRIMARY KEY);'
        $err = $null
        $named = if ($Command -eq 'New-MigrationBackup') { @{ Table = 'orders' } } else { @{ Name = 'orders' } }
        & $Command -Database $file @named -RetainFor 3650000d -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRetention*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match '36525 days'
        Get-TestTableNames "sqlite:$file" | Should -Be @('orders')
    }
}
