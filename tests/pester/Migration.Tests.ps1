# Runbooks for paired migrations on PostgreSQL, MariaDB and SQLite: the operator's view, through the cmdlets,
# checked against the database with its own command-line client.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql'; Transactional = $true; Sleep = 'SELECT pg_sleep({0})' }
        @{ Provider = 'MySql'; Transactional = $false; Sleep = 'DO SLEEP({0})' }
        @{ Provider = 'Sqlite'; Transactional = $true; Sleep = $null }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    $script:ThreeMigrations = @{
        '1_users.up.sql'   = "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);`nCREATE INDEX ix_users_name ON users (name);`n"
        '1_users.down.sql' = "DROP TABLE users;`n"
        '2_orders.sql'     = "-- migrate:up`nCREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, total DECIMAL(10,2) DEFAULT 0);`n`n-- migrate:down`nDROP TABLE orders;`n"
        'V3__email.sql'    = "ALTER TABLE users ADD COLUMN email VARCHAR(200);`n"
        'U3__email.sql'    = "ALTER TABLE users DROP COLUMN email;`n"
    }
    $script:Broken = @{
        '4_broken.up.sql'   = "CREATE TABLE t4a (id INTEGER);`nCREATE TABLE t4b (id INTEGER);`nINSERT INTO no_such_table VALUES (1);`nCREATE TABLE t4c (id INTEGER);`n"
        '4_broken.down.sql' = "DROP TABLE t4c;`nDROP TABLE t4b;`nDROP TABLE t4a;`n"
    }

    function script:Start-MigrationProcess {
        # A separate pwsh running Invoke-Migration, as a second deployment agent or a runner that gets killed.
        param([string] $Folder, [string] $Database, [string] $OutFile, [datetime] $StartAt = [datetime]::MinValue)
        # -StartAt: each process imports the module first, then waits for the same instant, so runners meet
        # at the database when they are meant to, not when their PowerShell happened to finish starting.
        $wait = "`$startAt = [datetime]::new($($StartAt.ToUniversalTime().Ticks), 'Utc'); while ([datetime]::UtcNow -lt `$startAt) { Start-Sleep -Milliseconds 1 }"
        $command = "Import-Module '$(Get-TestModulePath)'; $wait; Invoke-Migration -Path '$Folder' -Database '$Database' -LockWait 2m -ErrorAction Continue | ForEach-Object { '{0} {1}' -f `$_.Version, `$_.Status }"
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))
        Start-Process -FilePath (Get-PwshPath) -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded -RedirectStandardOutput $OutFile -RedirectStandardError "$OutFile.err" -PassThru
    }
}

Describe 'Migrations on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder $ThreeMigrations
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'applies three, undoes one, undoes the rest, and the schema equals the schema before' {
        $before = Get-TestSchema $Db

        $run = Invoke-Migration -Path $Folder -Database $Db
        $run.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded')
        $run.Direction | Should -Be @('Up', 'Up', 'Up')
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Applied', 'Applied')
        $applied = Get-TestSchema $Db
        $applied | Should -Not -Be $before
        ($applied -join "`n") | Should -Match 'email'

        $one = Undo-Migration -Database $Db -Confirm:$false
        $one.Version.ToString() | Should -Be '3'
        $one.Direction | Should -Be 'Down'
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Applied', 'Pending')

        $rest = $run | Where-Object Status -eq Succeeded | Where-Object { $_.Version.ToString() -ne '3' } | Undo-Migration -Confirm:$false
        $rest.Version.ForEach({ $_.ToString() }) | Should -Be @('2', '1') -Because 'undo goes newest first whatever the pipeline order'
        $rest.Status | Should -Be @('Succeeded', 'Succeeded')

        Get-TestSchema $Db | Should -Be $before
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Pending', 'Pending', 'Pending')
        $history = Get-MigrationHistory -Database $Db
        $history.Action | Should -Be @('Up', 'Up', 'Up', 'Down', 'Down', 'Down')
        $history[0].By | Should -Match '@'
    }

    It 'a migration failing halfway leaves the journal truthful, and the failure is reported with its statement and line' {
        Copy-Item (Join-Path (New-TestMigrationFolder $Broken) '*') $Folder
        $null = Invoke-Migration -Path $Folder -Database $Db -Target 3
        $before = Get-TestSchema $Db

        $run = Invoke-Migration -Path $Folder -Database $Db -ErrorVariable failures -ErrorAction SilentlyContinue
        $run.Status | Should -Be 'Failed'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'MigrationFailed*'
        $run.FailedLine | Should -Be 3
        $run.FailedStatement | Should -Be 'INSERT INTO no_such_table VALUES (1)'
        $run.StatementsDone | Should -Be 2

        $info = Get-Migration -Path $Folder -Database $Db | Where-Object { $_.Version.ToString() -eq '4' }
        if ($Transactional) {
            Get-TestSchema $Db | Should -Be $before -Because 'the failed transaction left no trace'
            $info.State | Should -Be 'Failed'
            $info.Error | Should -Match 'no_such_table'
        }
        else {
            $info.State | Should -Be 'Dirty'
            $info.StatementsDone | Should -Be 2
            { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'DatabaseDirty*'

            $recovered = Undo-Migration -Database $Db -Version 4 -Force -Confirm:$false -WarningVariable warnings -WarningAction SilentlyContinue
            $recovered.Status | Should -Be 'Succeeded'
            @($warnings).Count | Should -Be 1 -Because 'only t4c was never created'
            $recovered.Warnings | Should -HaveCount 1
            Get-TestSchema $Db | Should -Be $before
            (Get-Migration -Path $Folder -Database $Db | Where-Object { $_.Version.ToString() -eq '4' }).State | Should -Be 'Pending'
            (Get-MigrationHistory -Database $Db -Version 4).Action | Should -Be @('Up', 'ForceDown')
        }
    }

    It '-To with a version neither applied nor in the folder refuses with MigrationNotFound and undoes nothing' {
        $null = Invoke-Migration -Path $Folder -Database $Db
        $before = Get-TestSchema $Db

        { Undo-Migration -Database $Db -To 12345 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'MigrationNotFound*'
        { Undo-Migration -Database $Db -Path $Folder -To 12345 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'MigrationNotFound*'
        Get-TestSchema $Db | Should -Be $before
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Applied', 'Applied')

        (Undo-Migration -Database $Db -To 1 -Confirm:$false).Version.ForEach({ $_.ToString() }) | Should -Be @('3', '2')
    }

    It '-Force on a migration that is not Dirty is refused, and the journal keeps telling the truth' {
        $null = Invoke-Migration -Path $Folder -Database $Db
        # The down script fails half-way: with -Force its failure used to become a warning and the row Pending.
        Set-Content -LiteralPath (Join-Path $Folder 'U3__email.sql') -Value "ALTER TABLE no_such_table DROP COLUMN email;`n"
        $before = Get-TestSchema $Db

        { Undo-Migration -Database $Db -Version 3 -Force -Path $Folder -FromFiles -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'MigrationNotDirty*'
        { Undo-Migration -Database $Db -Force -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'MigrationNotDirty*'
        Get-TestSchema $Db | Should -Be $before
        (Get-Migration -Path $Folder -Database $Db -WarningAction SilentlyContinue).State | Should -Be @('Applied', 'Applied', 'Applied')
        (Get-MigrationHistory -Database $Db).Action | Should -Not -Contain 'ForceDown'
    }

    It 'refuses a changed file with ChecksumMismatch and applies nothing' {
        $null = Invoke-Migration -Path $Folder -Database $Db -Count 1
        Add-Content -LiteralPath (Join-Path $Folder '1_users.up.sql') -Value 'CREATE TABLE sneaky (id INTEGER);'
        $before = Get-TestSchema $Db

        { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'ChecksumMismatch*'
        Get-TestSchema $Db | Should -Be $before
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Modified', 'Pending', 'Pending')

        $run = Invoke-Migration -Path $Folder -Database $Db -AllowModified -WarningAction SilentlyContinue
        $run.Version.ForEach({ $_.ToString() }) | Should -Be @('2', '3')
    }

    It 'refuses a migration without a down script unless -AllowMissingDown' {
        Remove-Item (Join-Path $Folder 'U3__email.sql')
        { Invoke-Migration -Path $Folder -Database $Db -ErrorAction Stop } | Should -Throw -ErrorId 'MissingDownScript*'
        Get-TestTableNames $Db | Should -BeNullOrEmpty

        (Invoke-Migration -Path $Folder -Database $Db -AllowMissingDown -WarningAction SilentlyContinue).Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded')
        { Undo-Migration -Database $Db -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'MissingDownScript*'
    }

    It '-WhatIf shows each script and leaves the database exactly as it was' {
        $null = Invoke-Migration -Path $Folder -Database $Db -Count 1
        $tables = Get-TestTableNames $Db
        $schema = Get-TestSchema $Db

        $null = Invoke-Migration -Path $Folder -Database $Db -WhatIf
        $null = Undo-Migration -Database $Db -All -WhatIf

        Get-TestTableNames $Db | Should -Be $tables
        Get-TestSchema $Db | Should -Be $schema
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Pending', 'Pending')
    }

    It '-WhatIf on a database never migrated creates no journal table' {
        $null = Invoke-Migration -Path $Folder -Database $Db -WhatIf
        if ($Provider -eq 'Sqlite') {
            ($Db -replace '^sqlite:', '') | Should -Not -Exist
        }
        else {
            Get-TestTableNames $Db | Should -BeNullOrEmpty
        }
    }

    It 'undoes with the journal''s down scripts after the migration files were deleted' {
        $before = Get-TestSchema $Db
        $null = Invoke-Migration -Path $Folder -Database $Db
        Remove-Item -Recurse -Force $Folder

        (Get-Migration -Database $Db).State | Should -Be @('Applied', 'Applied', 'Applied')
        $undone = Undo-Migration -Database $Db -All -Confirm:$false
        $undone.Status | Should -Be @('Succeeded', 'Succeeded', 'Succeeded')
        Get-TestSchema $Db | Should -Be $before
    }

    It 'two Invoke-Migration processes started together apply each migration exactly once' {
        if ($Sleep) {
            # Slow enough that the second runner arrives while the first still holds the lock.
            Set-Content -LiteralPath (Join-Path $Folder '1_users.up.sql') -Value (($Sleep -f '1') + ";`n" + $ThreeMigrations['1_users.up.sql'])
        }
        $outputs = 1..2 | ForEach-Object { Join-Path $Folder "runner$_.txt" }
        $processes = 1..2 | ForEach-Object { Start-MigrationProcess -Folder $Folder -Database $Db -OutFile $outputs[$_ - 1] }
        $processes | Wait-Process -Timeout 120

        $lines = $outputs | ForEach-Object { Get-Content $_ }
        @($lines | Where-Object { $_ -like '* Succeeded' }).Count | Should -Be 3 -Because ($lines + ($outputs | ForEach-Object { Get-Content "$_.err" }) -join "`n")
        $up = Get-MigrationHistory -Database $Db -Status Succeeded
        $up.Version.ForEach({ $_.ToString() }) | Should -Be @('1', '2', '3')
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Applied', 'Applied')
    }

    It 'Set-MigrationState records a manual fix in the journal and the history' {
        Set-MigrationState -Database $Db -Path $Folder -Version 1 -State Applied -Confirm:$false | Out-Null
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Pending', 'Pending')
        Get-TestTableNames $Db | Should -Not -Contain 'users' -Because 'no migration SQL runs'

        $entry = Set-MigrationState -Database $Db -Version 1 -State Pending -Confirm:$false
        $entry.Action | Should -Be 'SetState'
        $entry.Status | Should -Be 'Pending'
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Pending', 'Pending', 'Pending')
    }
}

Describe 'Five runners on one MariaDB database' -Tag Integration {
    BeforeEach {
        $script:Db = New-TestDatabase MySql
        # Dirty from its first statement to its last, for a second: long enough for the others to plan meanwhile.
        $script:Folder = New-TestMigrationFolder @{
            '1_slow.up.sql'     = "CREATE TABLE slow_a (id INTEGER);`nDO SLEEP(1);`nCREATE TABLE slow_b (id INTEGER);`n"
            '1_slow.down.sql'   = "DROP TABLE slow_b;`nDROP TABLE slow_a;`n"
            '2_next.up.sql'     = "CREATE TABLE next_t (id INTEGER);`n"
            '2_next.down.sql'   = "DROP TABLE next_t;`n"
        }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'wait for each other and apply every migration once (<Arrival>)' -ForEach @(
        @{ Arrival = 'all at the same instant'; Stagger = 0 }
        @{ Arrival = 'while the first is applying'; Stagger = 250 }
        @{ Arrival = 'while the first is applying, again'; Stagger = 250 }
    ) {
        $startAt = (Get-Date).AddSeconds(8)
        $outputs = 1..5 | ForEach-Object { Join-Path $Folder "runner$_.txt" }
        $processes = 1..5 | ForEach-Object {
            Start-MigrationProcess -Folder $Folder -Database $Db -OutFile $outputs[$_ - 1] -StartAt $startAt.AddMilliseconds(($_ - 1) * $Stagger)
        }
        $processes | Wait-Process -Timeout 120

        $lines = @($outputs | ForEach-Object { Get-Content $_ })
        $errors = ($outputs | ForEach-Object { Get-Content -Raw "$_.err" }) -join "`n"
        $because = ($lines + $errors) -join "`n"
        $errors | Should -Not -Match 'DatabaseDirty|Dirty' -Because $because
        $errors | Should -Not -Match '-Force' -Because 'no runner may advise forcing an undo of work in progress'
        @($lines | Where-Object { $_ -like '* Succeeded' }).Count | Should -Be 2 -Because $because
        @($lines | Where-Object { $_ -notlike '* Succeeded' -and $_ -notlike '* Skipped' }).Count | Should -Be 0 -Because $because
        (Get-MigrationHistory -Database $Db).ForEach({ '{0} {1} {2}' -f $_.Version, $_.Action, $_.Status }) | Should -Be @('1 Up Succeeded', '2 Up Succeeded')
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be @('Applied', 'Applied')
    }
}

Describe 'A runner killed with SIGKILL in the middle of a migration on <Provider>' -Tag Integration -ForEach ($Providers | Where-Object Sleep) {
    BeforeAll {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '1_slow.up.sql'   = "CREATE TABLE before_sleep (id INTEGER);`n$($Sleep -f '4');`nCREATE TABLE after_sleep (id INTEGER);`n"
            '1_slow.down.sql' = "DROP TABLE after_sleep;`nDROP TABLE before_sleep;`n"
        }
    }

    AfterAll {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'leaves the journal truthful, and Get-Migration says so' {
        $process = Start-MigrationProcess -Folder $Folder -Database $Db -OutFile (Join-Path $Folder 'killed.txt')
        $null = Wait-TestStatement -Url $Db -Like (($Sleep -f '4') + '%')
        $process.Kill()
        $process.WaitForExit()

        $info = Get-Migration -Path $Folder -Database $Db
        if ($Transactional) {
            $info.State | Should -Be 'Pending' -Because 'the server rolls back the dead session''s transaction'
            $run = Invoke-Migration -Path $Folder -Database $Db -LockWait 1m
            $run.Status | Should -Be 'Succeeded'
        }
        else {
            $info.State | Should -Be 'Dirty'
            $info.StatementsDone | Should -Be 1
            $recovered = Undo-Migration -Database $Db -Version 1 -Force -Confirm:$false -WarningAction SilentlyContinue -LockWait 1m
            $recovered.Status | Should -Be 'Succeeded'
            (Invoke-Migration -Path $Folder -Database $Db).Status | Should -Be 'Succeeded'
        }
        Get-TestTableNames $Db | Should -Contain 'after_sleep'
    }
}

Describe 'Ctrl+C (SIGINT) during a long statement on <Provider>' -Tag Integration -ForEach ($Providers | Where-Object Sleep) {
    BeforeEach {
        $script:Db = New-TestDatabase $Provider
        $script:Folder = New-TestMigrationFolder @{
            '1_slow.up.sql'   = "CREATE TABLE before_sleep (id INTEGER);`n$($Sleep -f '30');`nCREATE TABLE after_sleep (id INTEGER);`n"
            '1_slow.down.sql' = "DROP TABLE after_sleep;`nDROP TABLE before_sleep;`n"
        }
        function script:Wait-Sleeping { $null = Wait-TestStatement -Url $Db -Like (($Sleep -f '30') + '%') }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'records the cancel in the journal and the history, and the process ends promptly' {
        $process = Start-MigrationProcess -Folder $Folder -Database $Db -OutFile (Join-Path $Folder 'cancelled.txt')
        Wait-Sleeping
        # The real PowerShell process, as a terminal's Ctrl+C or an agent's cancel reaches it.
        & kill -INT $process.Id
        $process.WaitForExit(20000) | Should -BeTrue -Because 'the statement is cancelled on the server, not waited out'

        $info = Get-Migration -Path $Folder -Database $Db
        $info.Error | Should -Match 'cancel'
        $history = @(Get-MigrationHistory -Database $Db -Version 1)
        $history.Count | Should -Be 1
        $history[0].Error | Should -Match 'cancel'
        if ($Transactional) {
            $info.State | Should -Be 'Failed'
            $history[0].Status | Should -Be 'Failed'
            Get-TestTableNames $Db | Should -Not -Contain 'before_sleep'
        }
        else {
            $info.State | Should -Be 'Dirty'
            $history[0].Status | Should -Be 'Dirty'
            # Whether the sleep counts depends on when KILL QUERY landed; the count must match the tables there.
            $expected = if ((Get-TestTableNames $Db) -contains 'after_sleep') { 3 } else { @(1, 2) }
            $info.StatementsDone | Should -BeIn $expected
            Get-TestTableNames $Db | Should -Contain 'before_sleep'
        }
        (Get-Content -Raw "$(Join-Path $Folder 'cancelled.txt').err") | Should -Not -Match 'TaskCanceledException|OperationCanceledException'
    }

    It 'a runner waiting for the run lock stops cleanly on Ctrl+C, and the runner holding it goes on' {
        $holder = Start-MigrationProcess -Folder $Folder -Database $Db -OutFile (Join-Path $Folder 'holder.txt')
        Wait-Sleeping
        $waiter = Start-MigrationProcess -Folder $Folder -Database $Db -OutFile (Join-Path $Folder 'waiter.txt')
        # The waiter polls the lock while the holder sleeps; give it time to start and reach the wait.
        Start-Sleep -Seconds 5
        & kill -INT $waiter.Id
        $waiter.WaitForExit(10000) | Should -BeTrue
        $errors = Get-Content -Raw "$(Join-Path $Folder 'waiter.txt').err"
        "$errors" | Should -Not -Match 'TaskCanceled|task was canceled|OperationCanceled' -Because 'Ctrl+C is a pipeline stop, not an error'
        $holder.HasExited | Should -BeFalse -Because 'stopping the waiter touches nothing of the run in progress'

        & kill -INT $holder.Id
        $holder.WaitForExit(20000) | Should -BeTrue
        @(Get-MigrationHistory -Database $Db -Version 1).Count | Should -Be 1 -Because 'only the holder ran the migration'
    }
}

Describe 'Tab completion of migration versions' {
    BeforeAll {
        $script:Db = New-TestDatabase Sqlite
        $script:Folder = New-TestMigrationFolder $ThreeMigrations
        $null = Invoke-Migration -Path $Folder -Database $Db -Count 2
    }

    AfterAll {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'completes -Target from the versions in -Path, relative to the PowerShell location, with their names' {
        Push-Location (Split-Path $Folder)
        try {
            $line = "Invoke-Migration -Path $(Split-Path -Leaf $Folder) -Target "
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        }
        finally { Pop-Location }
        $completions.CompletionText | Should -Be @('1', '2', '3')
        $completions[1].ToolTip | Should -Be '2 orders'
    }

    It 'completes Undo-Migration -Version from the journal of -Database, newest first' {
        $line = "Undo-Migration -Database '$Db' -Version "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('2', '1')
    }

    It 'reads -Database as the command would: a relative SQLite path from the PowerShell location, a connection string with -Provider' {
        $file = $Db -replace '^sqlite:', ''
        Push-Location (Split-Path $file)
        try {
            $line = "Undo-Migration -Database ./$(Split-Path -Leaf $file) -Version "
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('2', '1')
        }
        finally { Pop-Location }
        $line = "Undo-Migration -Database 'Data Source=$file' -Provider Sqlite -Version "
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('2', '1')
    }
}


Describe 'Tab completion of tables, columns and statuses' {
    BeforeAll {
        $script:Db = New-TestDatabase Sqlite
        $script:Folder = New-TestMigrationFolder $ThreeMigrations
        $null = Invoke-Migration -Path $Folder -Database $Db
        function script:Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
    }

    AfterAll {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'completes -Table of New-MigrationBackup and -Name of Remove-MigrationTable from the tables of -Database' {
        Complete "New-MigrationBackup -Database '$Db' -Table " | Should -Be @('orders', 'users')
        Complete "Remove-MigrationTable -Database '$Db' -Name us" | Should -Be @('users')
    }

    It 'completes -Name of Remove-MigrationColumn with the columns of its -Table' {
        Complete "Remove-MigrationColumn -Database '$Db' -Table users -Name " | Should -Be @('email', 'id', 'name')
        Complete "Remove-MigrationColumn -Database '$Db' -Name " | Should -BeNullOrEmpty -Because 'no table is named yet'
    }

    It 'completes -Status of Get-MigrationHistory with the statuses the history records' {
        Complete "Get-MigrationHistory -Database '$Db' -Status " | Should -Be @('Succeeded', 'Failed', 'Dirty', 'Applied', 'Pending', 'Retry')
        Complete "Get-MigrationHistory -Database '$Db' -Status F" | Should -Be @('Failed')
    }

    It 'offers nothing, quickly, for a database it cannot reach' {
        Complete "New-MigrationBackup -Database 'postgres://nobody@127.0.0.1:1/none?connect_timeout=1' -Table " | Should -BeNullOrEmpty
    }
}
