# Many databases from one prompt: waves with a stop rule and a rollback of the failed wave, shards that
# partition a fleet, and databases piped by value, on PostgreSQL, MariaDB and SQLite.

BeforeDiscovery {
    $script:Providers = @(
        @{ Provider = 'PostgreSql' }
        @{ Provider = 'MySql' }
        @{ Provider = 'Sqlite' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
}

Describe 'A fleet rolled out in waves on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeEach {
        $script:Fleet = @(1..10 | ForEach-Object { New-TestDatabase $Provider })
        $script:Folder = New-TestMigrationFolder @{
            '1_widgets.up.sql'   = 'CREATE TABLE widgets (id INTEGER PRIMARY KEY);'
            '1_widgets.down.sql' = 'DROP TABLE widgets;'
            '2_gadgets.up.sql'   = 'CREATE TABLE gadgets (id INTEGER PRIMARY KEY);'
            '2_gadgets.down.sql' = 'DROP TABLE gadgets;'
        }
    }

    AfterEach {
        $Fleet | ForEach-Object { Remove-TestDatabase $_ }
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'stops after the wave that failed, takes that wave back to where it was, and never starts the next' {
        # Wave 1 is the first database, wave 2 the next three, wave 3 the rest; the third database already
        # has a gadgets table of its own, so migration 2 fails there.
        $null = Invoke-TestSql -Url $Fleet[2] -Sql 'CREATE TABLE gadgets (id INTEGER PRIMARY KEY); INSERT INTO gadgets (id) VALUES (7);'
        $err = $null
        $run = Invoke-Migration -Path $Folder -Database $Fleet -Wave 1, 3, '*' -ThrottleLimit 3 -RollbackOnFailure -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue

        ($err | Where-Object FullyQualifiedErrorId -like 'RolloutStopped*').Exception.Message | Should -Match 'after wave 2'
        (Get-Migration -Path $Folder -Database $Fleet[0]).State | Should -Be @('Applied', 'Applied') -Because 'the earlier wave is left as it is'
        foreach ($db in $Fleet[1..3]) {
            (Get-Migration -Path $Folder -Database $db).State | Should -Not -Contain 'Applied' -Because "$db is back at its version before the rollout"
            Get-TestTableNames $db | Should -Not -Contain 'widgets'
        }
        Invoke-TestSql -Url $Fleet[2] -Sql 'SELECT id FROM gadgets;' | Should -Be '7' -Because 'the table migration 2 collided with was there before and stays'
        foreach ($db in $Fleet[4..9]) {
            Get-TestTableNames $db | Should -BeNullOrEmpty -Because "wave 3 ($db) never started"
        }

        $ids = @($Fleet[0..3] | ForEach-Object { (Get-MigrationHistory -Database $_).RunId } | Sort-Object -Unique)
        $ids.Count | Should -Be 1 -Because 'every database records the same rollout id'
        ($run | Group-Object { $_.Database.Url }).Count | Should -Be 4
    }

    It 'leaves no connection open to the fleet once the rollout and the fleet view are done' {
        if ($Provider -eq 'Sqlite') { Set-ItResult -Skipped -Because 'a SQLite file holds no server connection'; return }
        $null = Invoke-Migration -Path $Folder -Database $Fleet -ThrottleLimit 3
        $null = Get-MigrationFleet -Path $Folder -Database $Fleet -ThrottleLimit 3
        $names = ($Fleet | ForEach-Object { "'$(([Uri] $_).AbsolutePath.TrimStart('/'))'" }) -join ', '
        $open = if ($Provider -eq 'PostgreSql') {
            Invoke-TestSql -Url $Fleet[0] -Sql "SELECT count(*) FROM pg_stat_activity WHERE datname IN ($names) AND pid <> pg_backend_pid()"
        }
        else {
            Invoke-TestSql -Url $Fleet[0] -Sql "SELECT count(*) FROM information_schema.processlist WHERE db IN ($names) AND id <> CONNECTION_ID()"
        }
        $open | Should -Be '0' -Because 'each database''s pooled connections are closed when its part is done, not kept idle for minutes (hundreds on one server in a large fleet)'
    }

    It 'gives one rollback plan per database from a fleet''s results' {
        $null = Invoke-TestSql -Url $Fleet[2] -Sql 'CREATE TABLE gadgets (id INTEGER PRIMARY KEY);'
        $run = Invoke-Migration -Path $Folder -Database $Fleet -Wave 1, 3, '*' -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $plans = @($run | Get-RollbackPlan)
        $plans.Count | Should -Be 4 -Because 'the four databases the rollout started'
        @($plans.DatabaseUrl | Sort-Object -Unique).Count | Should -Be 4
        { $run | Get-RollbackPlan -OutFile (Join-Path $Folder 'plan.json') -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported*'
    }

    It 'runs one rollback plan per database at once with -ThrottleLimit, a failing plan stopping only itself' {
        $run = Invoke-Migration -Path $Folder -Database $Fleet[0..3] -ThrottleLimit 4
        $plans = @($run | Get-RollbackPlan -Symptom SchemaIncomplete)
        # Someone dropped widgets by hand on the second database: its plan fails at its last step.
        $null = Invoke-TestSql -Url $Fleet[1] -Sql 'DROP TABLE widgets;'
        $err = $null
        $results = $plans | Invoke-RollbackPlan -ThrottleLimit 3 -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue

        @($err | Where-Object FullyQualifiedErrorId -like 'RollbackStepFailed*').Count | Should -Be 1
        $urls = $Fleet | ForEach-Object { (Connect-MigrationDatabase $_).Url }
        $err[0].Exception.Message | Should -BeLike "$($urls[1]): step 2*"
        $failed = @($results | Where-Object { $_.Database.Url -eq $urls[1] })
        $failed.Status | Should -Be @('Succeeded', 'Failed')
        foreach ($i in 0, 2, 3) {
            $db = $Fleet[$i]
            ($results | Where-Object { $_.Database.Url -eq $urls[$i] }).Status | Should -Be @('Succeeded', 'Succeeded')
            (Get-Migration -Path $Folder -Database $db).State | Should -Be @('Pending', 'Pending') -Because "$db's plan ran to the end"
        }
        # MariaDB's DDL is not transactional: a down script that failed leaves its migration Dirty, to be looked at.
        $left = if ($Provider -eq 'MySql') { 'Dirty' } else { 'Applied' }
        (Get-Migration -Path $Folder -Database $Fleet[1]).State | Should -Be @($left, 'Pending') -Because 'the journal says what the failed plan left'
    }

    It '-WhatIf over several plans shows every step of every plan and runs none' {
        $run = Invoke-Migration -Path $Folder -Database $Fleet[0..1]
        $plans = @($run | Get-RollbackPlan -Symptom SchemaIncomplete)
        $files = foreach ($i in 0, 1) {
            $file = Join-Path $Folder "plan$i.json"
            $null = $run | Where-Object { $_.Database.Url -eq (Connect-MigrationDatabase $Fleet[$i]).Url } | Get-RollbackPlan -Symptom SchemaIncomplete -OutFile $file
            $file
        }
        # What if: lines go to the host, so a child process's output shows them.
        $out = Join-Path $Folder 'whatif.txt'
        $child = Start-ModuleProcess -OutFile $out -Command "'$($files -join "','")' | ForEach-Object { Get-RollbackPlan -FromFile `$_ } | Invoke-RollbackPlan -ThrottleLimit 2 -WhatIf | Out-Null"
        $child.WaitForExit()
        $shown = @(Get-Content $out | Where-Object { $_ -like 'What if:*' })
        $shown.Count | Should -Be 4 -Because 'two steps on each of two databases'
        $results = $plans | Invoke-RollbackPlan -WhatIf
        $results.Status | Select-Object -Unique | Should -Be 'Skipped'
        @($results).Count | Should -Be 4
        ($Fleet[0..1] | Get-Migration -Path $Folder).State | Select-Object -Unique | Should -Be 'Applied'
    }

    It 'applies every wave when none fails, ThrottleLimit databases at once' {
        $run = Invoke-Migration -Path $Folder -Database $Fleet -Wave '20%', '*' -ThrottleLimit 4
        $run.Status | Select-Object -Unique | Should -Be 'Succeeded'
        @($run).Count | Should -Be 20
        ($Fleet | Get-Migration -Path $Folder).State | Select-Object -Unique | Should -Be 'Applied'
    }
}

Describe 'Fleet targets from anywhere' -Tag Integration -ForEach $Providers {
    BeforeAll {
        $script:Fleet = @(1..6 | ForEach-Object { New-TestDatabase $Provider })
        $script:Folder = New-TestMigrationFolder @{ '1_widgets.up.sql' = 'CREATE TABLE widgets (id INTEGER PRIMARY KEY);'; '1_widgets.down.sql' = 'DROP TABLE widgets;' }
    }

    AfterAll {
        $Fleet | ForEach-Object { Remove-TestDatabase $_ }
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'slices the fleet with -Shard into parts that cover it once, the same each time (<Provider>)' {
        $slices = 1..3 | ForEach-Object { , @(Get-Migration -Path $Folder -Database $Fleet -Shard "$_/3" | ForEach-Object { $_.Database.Url }) }
        $all = $slices | ForEach-Object { $_ }
        @($all).Count | Should -Be 6
        @($all | Sort-Object -Unique).Count | Should -Be 6
        (Get-Migration -Path $Folder -Database $Fleet -Shard 2/3).Database.Url | Should -Be $slices[1]
    }

    It 'takes URLs and Connect-MigrationDatabase objects piped by value (<Provider>)' {
        @($Fleet | Get-Migration -Path $Folder).Count | Should -Be 6
        $targets = $Fleet | ForEach-Object { Connect-MigrationDatabase -Url $_ -NoVerify }
        ($targets | Invoke-Migration -Path $Folder).Status | Should -Be (@('Succeeded') * 6)
        ($Fleet | Get-Migration -Path $Folder).State | Select-Object -Unique | Should -Be 'Applied'
        @((Get-MigrationHistory -Database $Fleet).Database.Url | Sort-Object -Unique).Count | Should -Be 6 -Because 'a one-database cmdlet runs once for each database given'
    }
}

Describe 'Ctrl+C in the middle of a fleet on <Provider>' -Tag Integration -ForEach @(
    @{ Provider = 'PostgreSql'; Sleep = 'SELECT pg_sleep(30)'; Stopped = 'Failed' }
    @{ Provider = 'MySql'; Sleep = 'DO SLEEP(30)'; Stopped = 'Dirty' }
) {
    BeforeEach {
        $script:Fleet = @(1..4 | ForEach-Object { New-TestDatabase $Provider })
        $script:Folder = New-TestMigrationFolder @{
            '1_slow.up.sql'   = "CREATE TABLE before_sleep (id INTEGER);`n$Sleep;`n"
            '1_slow.down.sql' = 'DROP TABLE before_sleep;'
        }
    }

    AfterEach {
        $Fleet | ForEach-Object { Remove-TestDatabase $_ }
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'stops every database in flight, each recording its cancel, and starts no other' {
        $list = ($Fleet | ForEach-Object { "'$_'" }) -join ', '
        $out = Join-Path $Folder 'fleet.txt'
        $process = Start-ModuleProcess -Command "Invoke-Migration -Path '$Folder' -Database @($list) -ThrottleLimit 2 -ErrorAction Continue" -OutFile $out
        $null = Wait-TestStatement -Url $Fleet[0] -Like "$Sleep%"
        Start-Sleep -Seconds 2
        & kill -INT $process.Id
        $process.WaitForExit(30000) | Should -BeTrue -Because 'each statement in flight is cancelled on the server'

        $started = @($Fleet | Where-Object { (Get-TestTableNames $_) -contains 'rollbacktools_migrations' })
        $started.Count | Should -Be 2 -Because 'ThrottleLimit 2: two databases were in flight, the others waited and never started'
        foreach ($db in $started) {
            $info = Get-Migration -Path $Folder -Database $db
            $info.State | Should -Be $Stopped
            $info.Error | Should -Match 'cancel'
            (Get-MigrationHistory -Database $db).Error | Should -Match 'cancel'
        }
        foreach ($db in $Fleet | Where-Object { $_ -notin $started }) {
            Get-TestTableNames $db | Should -BeNullOrEmpty
        }
        (Get-Content -Raw "$out.err") | Should -Not -Match 'TaskCanceledException|OperationCanceledException'
    }
}

Describe 'The fleet view on <Provider>' -Tag Integration -ForEach $Providers {
    BeforeAll {
        $script:Fleet = @(1..3 | ForEach-Object { New-TestDatabase $Provider })
        $script:Folder = New-TestMigrationFolder @{
            '1_widgets.up.sql'   = 'CREATE TABLE widgets (id INTEGER PRIMARY KEY);'
            '1_widgets.down.sql' = 'DROP TABLE widgets;'
            '2_gadgets.up.sql'   = 'CREATE TABLE gadgets (id INTEGER PRIMARY KEY);'
            '2_gadgets.down.sql' = 'DROP TABLE gadgets;'
        }
    }

    AfterAll {
        $Fleet | ForEach-Object { Remove-TestDatabase $_ }
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'shows each database''s version, what is pending and which one drifted' {
        $null = Invoke-Migration -Path $Folder -Database $Fleet[0], $Fleet[1]
        $null = Invoke-Migration -Path $Folder -Database $Fleet[2] -Count 1
        $null = Invoke-TestSql -Url $Fleet[1] -Sql 'ALTER TABLE widgets ADD COLUMN colour VARCHAR(20);'

        $rows = $Fleet | Get-MigrationFleet -Path $Folder -Drift
        $rows.State | Should -Be @('UpToDate', 'Drifted', 'Pending')
        $rows.Version.ForEach({ $_.ToString() }) | Should -Be @('2', '2', '1')
        $rows[0].Drift, $rows[2].Drift | Should -Be @(0, 0)
        $rows[1].Drift | Should -BeGreaterThan 0 -Because 'the column added by hand (SQLite also sees the table''s changed definition)'
        ($rows | Format-Table | Out-String -Width 120) | Should -Match 'Drifted'
        (Get-MigrationFleet -Path $Folder -Database $Fleet -Drift -Summary | ForEach-Object { "$($_.State)=$($_.Count)" }) | Should -Be @('Drifted=1', 'Pending=1', 'UpToDate=1')
    }
}

Describe 'The project file rollbacktools.psd1' {
    BeforeEach {
        $script:Root = Join-Path ([IO.Path]::GetTempPath()) "rbt_project_$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        $null = New-Item -ItemType Directory -Path (Join-Path $Root 'migrations')
        Set-Content -LiteralPath (Join-Path $Root 'migrations/1_widgets.up.sql') -Value 'CREATE TABLE widgets (id INTEGER PRIMARY KEY);'
        Set-Content -LiteralPath (Join-Path $Root 'migrations/1_widgets.down.sql') -Value 'DROP TABLE widgets;'
        $script:Dbs = 1..4 | ForEach-Object { Join-Path $Root "tenant$_.db" }
        Set-Content -LiteralPath (Join-Path $Root 'staging.txt') -Value "# the staging tenants`n$($Dbs[2])`n$($Dbs[3])"
        $control = Join-Path $Root 'control.db'
        $null = Invoke-TestSql -Url "sqlite:$control" -Sql "CREATE TABLE tenants (url TEXT, active INTEGER); INSERT INTO tenants VALUES ('sqlite:$($Dbs[0])', 1), ('sqlite:$($Dbs[1])', 0);"
        Set-Content -LiteralPath (Join-Path $Root 'rollbacktools.psd1') -Value @"
@{
    Path = './migrations'
    JournalTable = 'app_migrations'
    Environments = @{
        dev = @{ Databases = @('sqlite:$($Dbs[0])', 'sqlite:$($Dbs[1])'); Waves = @(1, '*'); ThrottleLimit = 2 }
        staging = @{ DatabasesFile = './staging.txt' }
        active = @{ DatabasesQuery = @{ Database = 'sqlite:$control'; Query = 'SELECT url FROM tenants WHERE active = 1' } }
        leaky = @{ Databases = @('postgres://app:secret@db1.example/shop') }
    }
}
"@
        Push-Location $Root
    }

    AfterEach {
        Pop-Location
        Remove-Item -Recurse -Force $Root -ErrorAction Ignore
    }

    It 'resolves an environment''s list, file and query forms, with the Path and JournalTable of the file' {
        (Invoke-Migration -Environment dev).Status | Should -Be @('Succeeded', 'Succeeded')
        Invoke-TestSql -Url "sqlite:$($Dbs[0])" -Sql 'SELECT COUNT(*) FROM app_migrations;' | Should -Be '1' -Because 'the JournalTable of the file'
        (Get-Migration -Environment staging).Database.DatabaseName | Should -Be @($Dbs[2], $Dbs[3])
        (Get-MigrationFleet -Environment active).Database.DatabaseName | Should -Be $Dbs[0] -Because 'the query on the control database returns the active tenants only'
    }

    It 'lets explicit parameters win, completes the environments, and refuses a password in the file' {
        (Get-Migration -Environment dev -Database "sqlite:$($Dbs[3])").Database.DatabaseName | Should -Be $Dbs[3]
        $line = 'Get-Migration -Environment '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('active', 'dev', 'leaky', 'staging')
        { Get-Migration -Environment leaky -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidProjectFile*'
        { Get-Migration -Environment nowhere -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidProjectFile*'
    }
}
