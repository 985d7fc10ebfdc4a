# Runbooks for the seed's emergency procedure on PostgreSQL and MariaDB: find the blocked migration, stop it,
# and run migrations that give up and retry instead of queueing the application behind them.

BeforeDiscovery {
    $script:Servers = @(
        @{ Provider = 'PostgreSql'; Sleep = 'SELECT pg_sleep({0});'; Begin = 'BEGIN;' }
        @{ Provider = 'MySql'; Sleep = 'DO SLEEP({0});'; Begin = 'START TRANSACTION;' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    function script:Get-RunnerResult([string] $OutFile) {
        # The result lines only: a redirected pwsh may also serialize its progress records to standard output.
        Get-Content $OutFile | Where-Object { $_ -match '^\d+ ' }
    }

    function script:Start-MigrationRunner {
        # Invoke-Migration in its own process, as a deployment agent runs it; it prints "version status reason".
        param([string] $Folder, [string] $Database, [string] $OutFile, [string] $Extra = '')
        $command = "Import-Module '$(Get-TestModulePath)'; Invoke-Migration -Path '$Folder' -Database '$Database' $Extra -ErrorAction Continue | ForEach-Object { '{0} {1} {2}' -f `$_.Version, `$_.Status, `$_.Reason }"
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))
        Start-Process -FilePath (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded -RedirectStandardOutput $OutFile -RedirectStandardError "$OutFile.err" -PassThru
    }
}

Describe 'Stopping a blocked migration on <Provider>' -Tag Integration -ForEach $Servers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $null = Invoke-TestSql -Url $Db -Sql 'CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL); INSERT INTO accounts VALUES (1, 100), (2, 200);'
        $script:Folder = New-TestMigrationFolder @{
            '1_add_note.up.sql'   = 'ALTER TABLE accounts ADD COLUMN note VARCHAR(20);'
            '1_add_note.down.sql' = 'ALTER TABLE accounts DROP COLUMN note;'
        }
        # The application's long transaction: it holds a lock on accounts and keeps running.
        $script:Holder = Start-TestSqlProcess -Url $Db -Sql "$Begin`nUPDATE accounts SET balance = balance + 1 WHERE id = 1;`n$($Sleep -f 60)`nCOMMIT;"
        $script:HolderId = (Wait-TestCondition { Get-MigrationQuery -Database $Db -Match 'sleep' } 'the lock holder to run').Id
        $script:Before = Get-TestSchema $Db
    }

    AfterEach {
        if (-not $Holder.HasExited) { $Holder.Kill() }
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'finds the blocked ALTER TABLE with its blocker, cancels it, and leaves table and journal as before' {
        $out = Join-Path $Folder 'runner.txt'
        $runner = Start-MigrationRunner -Folder $Folder -Database $Db -OutFile $out

        $blocked = Wait-TestCondition { Get-MigrationQuery -Database $Db -Pattern '%ALTER TABLE%' | Where-Object { $_.BlockedBy.Count -gt 0 } } 'the migration to wait for the lock'
        $blocked.BlockedBy | Should -Contain $HolderId
        $blocked.State | Should -Be 'active'
        (Get-MigrationQuery -Database $Db -Blocking).Id | Should -Contain $HolderId
        (Get-MigrationQuery -Database $Db -Blocked).Id | Should -Contain $blocked.Id

        $stop = Get-MigrationQuery -Database $Db -Pattern '%ALTER TABLE%' | Stop-MigrationQuery -Confirm:$false
        $stop.Stopped | Should -BeTrue
        $stop.Action | Should -Be 'Cancel'
        $runner | Wait-Process -Timeout 60

        Get-RunnerResult $out | Should -Be '1 Failed Cancelled' -Because (Get-Content "$out.err" -Raw)
        Get-TestSchema $Db | Should -Be $Before
        $info = Get-Migration -Path $Folder -Database $Db
        if ($Provider -eq 'PostgreSql') {
            $info.State | Should -Be 'Failed' -Because 'PostgreSQL rolled the migration back: no trace but the Failed row'
        }
        else {
            $info.State | Should -Be 'Dirty'
            $info.StatementsDone | Should -Be 0
        }
        $Holder.HasExited | Should -BeFalse -Because 'cancelling the migration leaves the application alone'
        (Get-MigrationHistory -Database $Db | Where-Object Action -eq 'Cancel').Name | Should -Be "Cancel session $($blocked.Id)"
    }

    It 'a migration whose session is terminated ends Failed/Cancelled, and the journal says so through a new session' {
        $out = Join-Path $Folder 'runner.txt'
        $runner = Start-MigrationRunner -Folder $Folder -Database $Db -OutFile $out
        $blocked = Wait-TestCondition { Get-MigrationQuery -Database $Db -Pattern '%ALTER TABLE%' | Where-Object { $_.BlockedBy.Count -gt 0 } } 'the migration to wait for the lock'

        ($blocked | Stop-MigrationQuery -Terminate -Confirm:$false).Stopped | Should -BeTrue
        $runner | Wait-Process -Timeout 60

        Get-RunnerResult $out | Should -Be '1 Failed Cancelled' -Because (Get-Content "$out.err" -Raw)
        Get-TestSchema $Db | Should -Be $Before
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be $(if ($Provider -eq 'PostgreSql') { 'Failed' } else { 'Dirty' })
    }

    It '-Terminate ends the holder''s session, and its transaction with it' {
        $stop = Stop-MigrationQuery -Database $Db -Id $HolderId -Terminate -Confirm:$false
        $stop.Stopped | Should -BeTrue
        $stop.Action | Should -Be 'Terminate'
        Get-MigrationQuery -Database $Db -IncludeIdle | Where-Object Id -eq $HolderId | Should -BeNullOrEmpty
        (Invoke-TestSql -Url $Db -Sql 'SELECT balance FROM accounts WHERE id = 1;') | Should -Be '100' -Because 'the holder''s update rolled back'
    }

    It '-WhatIf stops nothing' {
        $null = Stop-MigrationQuery -Database $Db -Id $HolderId -Terminate -WhatIf
        $null = Stop-MigrationQuery -Database $Db -Pattern '%sleep%' -WhatIf
        Start-Sleep -Milliseconds 300
        (Get-MigrationQuery -Database $Db -Match 'sleep').Id | Should -Be $HolderId
        $Holder.HasExited | Should -BeFalse
    }

    It 'with -LockTimeout and -RetryCount the migration gives up, retries, and succeeds once the holder commits' {
        if (-not $Holder.HasExited) { $Holder.Kill() }
        $null = Stop-MigrationQuery -Database $Db -Id $HolderId -Terminate -Confirm:$false
        $short = Start-TestSqlProcess -Url $Db -Sql "$Begin`nUPDATE accounts SET balance = balance + 1 WHERE id = 1;`n$($Sleep -f 2)`nCOMMIT;"
        $null = Wait-TestCondition { Get-MigrationQuery -Database $Db -Match 'sleep' } 'the short holder to run'

        $run = Invoke-Migration -Path $Folder -Database $Db -LockTimeout 1s -RetryCount 5 -WarningAction SilentlyContinue
        $run.Status | Should -Be 'Succeeded'
        $run.Retries | Should -BeGreaterThan 0
        $history = Get-MigrationHistory -Database $Db
        @($history | Where-Object { $_.Status -in 'Failed', 'Retry' }).Count | Should -Be $run.Retries -Because 'every attempt is in the history'
        $short | Wait-Process -Timeout 30
    }

    It 'without -LockTimeout nothing changes: a short wait simply succeeds' {
        if (-not $Holder.HasExited) { $Holder.Kill() }
        $null = Stop-MigrationQuery -Database $Db -Id $HolderId -Terminate -Confirm:$false
        (Invoke-Migration -Path $Folder -Database $Db).Status | Should -Be 'Succeeded'
    }

    It 'another database user may stop the query only with the privilege to do so' {
        $other = 'rbt_other_' + [guid]::NewGuid().ToString('N').Substring(0, 6)
        $password = 'Other-' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        $server = Get-TestServerUrl $Provider
        if ($Provider -eq 'PostgreSql') {
            # Membership lets the test user end the other role's pooled session when it drops the database.
            $null = Invoke-TestSql -Url $server -Sql "CREATE ROLE $other LOGIN PASSWORD '$password'; GRANT $other TO $(([Uri] $server).UserInfo.Split(':')[0]);"
        }
        else {
            $database = ([Uri] $Db).AbsolutePath.TrimStart('/')
            $null = Invoke-TestSql -Url $server -Sql "CREATE USER '$other'@'%' IDENTIFIED BY '$password'; CREATE USER '$other'@'localhost' IDENTIFIED BY '$password'; GRANT SELECT ON $database.* TO '$other'@'%'; GRANT SELECT ON $database.* TO '$other'@'localhost';"
        }
        try {
            $weak = Split-TestServerUrl $Db
            $credential = [pscredential]::new($other, (ConvertTo-SecureString $password -AsPlainText -Force))
            { Stop-MigrationQuery -Database $weak.UrlWithoutPassword -Credential $credential -Id $HolderId -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InsufficientPrivilege*'
            $Holder.HasExited | Should -BeFalse
            (Stop-MigrationQuery -Database $Db -Id $HolderId -Confirm:$false).Id | Should -Be $HolderId -Because 'the owner may'
        }
        finally {
            $drop = if ($Provider -eq 'PostgreSql') { "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '$other'; DROP ROLE IF EXISTS $other;" } else { "DROP USER IF EXISTS '$other'@'%'; DROP USER IF EXISTS '$other'@'localhost';" }
            $null = Invoke-TestSql -Url $server -Sql $drop
        }
    }
}

Describe 'Sessions on SQLite' {
    It 'Get-MigrationQuery and Stop-MigrationQuery say SQLite has no server sessions' {
        { Get-MigrationQuery -Database 'sqlite::memory:' -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
        { Stop-MigrationQuery -Database 'sqlite::memory:' -Id 1 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
    }

    It 'Stop-MigrationQuery -WhatIf says so too, instead of previewing a stop that cannot happen' {
        $preview = Stop-MigrationQuery -Database 'sqlite::memory:' -Id 1 -WhatIf -ErrorVariable failures -ErrorAction SilentlyContinue 6>&1
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NotSupported,*'
        ($preview | Out-String) | Should -Not -Match 'What if'
    }
}
