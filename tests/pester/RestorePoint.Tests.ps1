# Restore points: a named moment a database can be recovered to, made only where recovery to it is really
# possible. PostgreSQL and MariaDB run as private servers the tests start with archiving or the binary log
# on; the shared servers, which have neither, show the refusal.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # WAL archiving into a folder of the private server's own, as production would archive to a share.
    function script:Enable-TestArchiving($Server) {
        $archive = Join-Path $Server.Folder 'archive'
        $null = New-Item -ItemType Directory -Path $archive
        & chown postgres $archive
        Add-Content -LiteralPath (Join-Path $Server.Data 'postgresql.auto.conf') -Value "archive_mode = on`narchive_command = 'cp %p $archive/%f'"
        Invoke-PrivatePostgres $Server restart
        $archive
    }

    function script:New-OrdersDatabase($Server, [int] $Rows) {
        $db = $Server.Url -replace '/postgres$', '/shop'
        $null = Invoke-TestSql -Url $Server.Url -Sql 'CREATE DATABASE shop'
        $null = Invoke-TestSql -Url $db -Sql "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL, note TEXT); INSERT INTO orders SELECT g, g * 10, 'order ' || g FROM generate_series(1, $Rows) g;"
        $db
    }
}

Describe 'New-MigrationRestorePoint' {
    BeforeEach {
        $script:Db = New-TestDatabase Sqlite
        $script:File = $Db -replace '^sqlite:', ''
        $null = Invoke-TestSql -Url $Db -Sql "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO orders VALUES (1, 10), (2, 20);"
    }

    AfterEach { Remove-TestDatabase $Db }

    It 'on SQLite takes an online backup beside the file, checked, as the restore point' {
        $point = New-MigrationRestorePoint -Database $Db -Name before_v42
        $point.Name | Should -Be 'before_v42'
        $point.Path | Should -Be (Join-Path (Split-Path $File) 'test.before_v42.restorepoint.db')
        Invoke-TestSql -Url "sqlite:$($point.Path)" -Sql 'SELECT sum(total) FROM orders' | Should -Be '30'
        $null = Invoke-TestSql -Url $Db -Sql 'UPDATE orders SET total = 0'
        Invoke-TestSql -Url "sqlite:$($point.Path)" -Sql 'SELECT sum(total) FROM orders' | Should -Be '30' -Because 'the point keeps the data as it was'
        Get-ChildItem (Split-Path $File) -Filter '*.partial' | Should -BeNullOrEmpty
    }

    It 'refuses a name taken already with RestorePointExists, and a name that is no name with InvalidRestorePointName' {
        $null = New-MigrationRestorePoint -Database $Db -Name before_v42
        { New-MigrationRestorePoint -Database $Db -Name before_v42 -ErrorAction Stop } | Should -Throw -ErrorId 'RestorePointExists,*'
        { New-MigrationRestorePoint -Database $Db -Name '../escape' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRestorePointName,*'
        @(Get-MigrationRestorePoint -Database $Db).Count | Should -Be 1
    }

    It 'refuses a database that is no file with PointInTimeRecoveryUnavailable' {
        { New-MigrationRestorePoint -Database 'sqlite::memory:' -Name p1 -ErrorAction Stop } | Should -Throw -ErrorId 'PointInTimeRecoveryUnavailable,*'
    }

    It 'makes nothing with -WhatIf' {
        New-MigrationRestorePoint -Database $Db -Name p1 -WhatIf | Should -BeNullOrEmpty
        Get-ChildItem (Split-Path $File) -Filter '*.restorepoint.db' | Should -BeNullOrEmpty
        Get-MigrationRestorePoint -Database $Db | Should -BeNullOrEmpty
    }

    It 'is named in the migration history where the database has one' {
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        try {
            $null = Invoke-Migration -Path $folder -Database $Db
            $point = New-MigrationRestorePoint -Database $Db -Name before_v43
            $row = Get-MigrationHistory -Database $Db | Where-Object Action -eq 'RestorePoint'
            $row.Name | Should -Be 'restore point before_v43'
            $row.Error | Should -Be $point.Path
        }
        finally { Remove-Item -Recurse -Force $folder -ErrorAction Ignore }
    }
}

Describe 'Invoke-Migration -RestorePoint' {
    BeforeEach {
        $script:Db = New-TestDatabase Sqlite
        $null = Invoke-TestSql -Url $Db -Sql 'CREATE TABLE orders (id INTEGER PRIMARY KEY);'
        $script:Folder = New-TestMigrationFolder @{ '1_items.up.sql' = 'CREATE TABLE items (id INTEGER);'; '1_items.down.sql' = 'DROP TABLE items;' }
    }

    AfterEach {
        Remove-TestDatabase $Db
        Remove-Item -Recurse -Force $Folder -ErrorAction Ignore
    }

    It 'makes the point before the first migration, and the history and the incident report name it' {
        $start = (Get-Date).AddSeconds(-1)
        $results = @(Invoke-Migration -Path $Folder -Database $Db -RestorePoint before_v1)
        $results.Status | Should -Be @('Succeeded') -Because 'only migration results come out, so the run still pipes into Get-RollbackPlan'
        $point = Get-MigrationRestorePoint -Database $Db
        $point.Name | Should -Be 'before_v1'
        Invoke-TestSql -Url "sqlite:$($point.Path)" -Sql "SELECT count(*) FROM sqlite_master WHERE name = 'items'" | Should -Be '0' -Because 'the point holds the database from before the run'
        $history = @(Get-MigrationHistory -Database $Db)
        $history[0].Action | Should -Be 'RestorePoint'
        $history[1].Action | Should -Be 'Up'
        (New-MigrationIncidentReport -Database $Db -Since $start) | Out-String | Should -Match 'restore point before_v1'
    }

    It 'applies nothing where no point can be made, and makes none with -WhatIf' {
        $null = Invoke-Migration -Path $Folder -Database $Db -RestorePoint p1 -WhatIf
        Get-MigrationRestorePoint -Database $Db | Should -BeNullOrEmpty
        $null = New-MigrationRestorePoint -Database $Db -Name taken
        { Invoke-Migration -Path $Folder -Database $Db -RestorePoint taken -ErrorAction Stop } | Should -Throw -ErrorId 'RestorePointExists,*'
        (Get-Migration -Path $Folder -Database $Db).State | Should -Be 'Pending'
    }
}

Describe 'Rollback plans with a restore point' {
    It 'offer the table back from the restore point for data corruption without a table backup, and carry it out on SQLite' {
        $db = New-TestDatabase Sqlite
        $folder = New-TestMigrationFolder @{ '1_zero.up.sql' = 'UPDATE orders SET total = 0;'; '1_zero.down.sql' = 'SELECT 1;' }
        try {
            $null = Invoke-TestSql -Url $db -Sql 'CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO orders VALUES (1, 10), (2, 20), (3, 30);'
            $null = Invoke-Migration -Path $folder -Database $db -RestorePoint before_v1
            Invoke-TestSql -Url $db -Sql 'SELECT sum(total) FROM orders' | Should -Be '0'

            $plan = Get-RollbackPlan -Database $db -Symptom DataCorruption
            $step = $plan.Steps | Where-Object Kind -eq 'RecoverFromRestorePoint'
            $step.Table | Should -Be 'orders'
            $step.RestorePoint | Should -Be 'before_v1'
            $step.Command | Should -Match '^Restore-MigrationBackup -FromDatabase .*restorepoint\.db. -Table orders -Mode Replace'

            $results = $plan | Invoke-RollbackPlan -Database $db -Confirm:$false
            $results.Status | Should -Be @('Succeeded')
            Invoke-TestSql -Url $db -Sql 'SELECT sum(total) FROM orders' | Should -Be '60'
        }
        finally {
            Remove-TestDatabase $db
            Remove-Item -Recurse -Force $folder -ErrorAction Ignore
        }
    }
}

Describe 'Get-MigrationRestorePoint' {
    It 'lists the points oldest first, by name with wildcards, and nothing for a file that is not there' {
        $db = New-TestDatabase Sqlite
        try {
            $null = Invoke-TestSql -Url $db -Sql 'CREATE TABLE t (id INTEGER);'
            $null = New-MigrationRestorePoint -Database $db -Name first
            $null = New-MigrationRestorePoint -Database $db -Name second
            (Get-MigrationRestorePoint -Database $db).Name | Should -Be @('first', 'second')
            (Get-MigrationRestorePoint -Database $db -Name 'sec*').Name | Should -Be 'second'
            Get-MigrationRestorePoint -Database (Join-Path ([IO.Path]::GetTempPath()) 'rbt-none.db') | Should -BeNullOrEmpty
        }
        finally { Remove-TestDatabase $db }
    }
}

Describe 'Restore points on PostgreSQL' -Tag Integration {
    BeforeAll {
        $script:Server = Start-PrivatePostgres -Port 5446
        if ($Server) {
            $script:Archive = Enable-TestArchiving $Server
        }
    }

    AfterAll { Remove-PrivatePostgres $Server }

    It 'is refused on a server without WAL archiving, saying what to turn on, and readiness fails the item' {
        $db = New-TestDatabase PostgreSql
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        try {
            { New-MigrationRestorePoint -Database $db -Name p1 -ErrorAction Stop } | Should -Throw -ErrorId 'PointInTimeRecoveryUnavailable,*' -ExpectedMessage '*archive_mode*'
            Get-MigrationRestorePoint -Database $db | Should -BeNullOrEmpty
            $item = Test-MigrationReadiness -Path $folder -Database $db -PointInTimeRecovery | Where-Object Name -eq 'Point-in-time recovery possible'
            $item.Status | Should -Be 'Fail'
            $item.Detail | Should -Match 'archive_mode is off'
            { Invoke-Migration -Path $folder -Database $db -RestorePoint before_a -ErrorAction Stop } | Should -Throw -ErrorId 'PointInTimeRecoveryUnavailable,*'
            (Get-Migration -Path $folder -Database $db).State | Should -Be 'Pending' -Because 'no migration runs without the point asked for'
        }
        finally {
            Remove-TestDatabase $db
            Remove-Item -Recurse -Force $folder -ErrorAction Ignore
        }
    }

    It 'with archiving on, readiness fails the item until a base backup is recorded, then passes it' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        $item = { Test-MigrationReadiness -Path $folder -Database $Server.Url -PointInTimeRecovery | Where-Object Name -eq 'Point-in-time recovery possible' }
        try {
            $without = & $item
            $without.Status | Should -Be 'Fail'
            $without.Detail | Should -Match 'no base backup'
            $taken = New-MigrationBackup -Database $Server.Url -BaseBackup -Path (Join-Path $Server.Folder 'readiness-base')
            (& $item).Status | Should -Be 'Pass'
            $listed = Get-MigrationBackup -Database $Server.Url -BaseBackup | Where-Object Path -eq $taken.Path
            $listed.StartLsn | Should -Be $taken.StartLsn
            $listed.Verified | Should -BeTrue
            $listed.Size | Should -Be $taken.Size

            # Removed as a table backup is: asked first, -WhatIf changing nothing, then folder and row gone.
            $listed | Remove-MigrationBackup -WhatIf
            Test-Path $taken.Path | Should -BeTrue
            $listed | Remove-MigrationBackup -Confirm:$false
            Test-Path $taken.Path | Should -BeFalse
            @(Get-MigrationBackup -Database $Server.Url -BaseBackup | Where-Object Path -eq $taken.Path) | Should -BeNullOrEmpty
            @(Get-ChildItem $Server.Folder -Filter 'readiness-base.rbt-removing-*') | Should -BeNullOrEmpty

            # Only what the catalog records, and only a folder that holds a base backup, is ever deleted.
            $stranger = $taken.GetType()::new($Server.Data, (Connect-MigrationDatabase $Server.Url))
            { $stranger | Remove-MigrationBackup -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'BackupNotFound,*'
            Test-Path (Join-Path $Server.Data 'PG_VERSION') | Should -BeTrue

            # The catalog only says one was taken: the newest one's files are looked at too.
            $newest = New-MigrationBackup -Database $Server.Url -BaseBackup -Path (Join-Path $Server.Folder 'readiness-newest')
            (& $item).Status | Should -Be 'Pass'
            $file = Get-ChildItem -Recurse -File (Join-Path $newest.Path 'base') | Sort-Object Length -Descending | Select-Object -First 1
            $stream = [IO.File]::Open($file.FullName, 'Open')
            try { $stream.SetLength($stream.Length - 8192) } finally { $stream.Dispose() }
            $damaged = & $item
            $damaged.Status | Should -Be 'Fail'
            $damaged.Detail | Should -Match 'damaged'
            Move-Item $newest.Path "$($newest.Path)-elsewhere"
            $elsewhere = & $item
            $elsewhere.Status | Should -Be 'Warn' -Because 'a base backup kept on another machine cannot be looked at from here'
            $elsewhere.Detail | Should -Match 'not on this machine'
        }
        finally { Remove-Item -Recurse -Force $folder -ErrorAction Ignore }
    }

    It 'with archiving on, creates the point, switches the segment into the archive and records LSN, timeline and file' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        $point = New-MigrationRestorePoint -Database $Server.Url -Name before_v42
        $point.Lsn | Should -Match '^[0-9A-F]+/[0-9A-F]+$'
        $point.Timeline | Should -Be 1
        $point.WalFile | Should -Match '^[0-9A-F]{24}$'
        $point.Archived | Should -BeTrue
        Join-Path $Archive $point.WalFile | Should -Exist
        (Get-MigrationRestorePoint -Database $Server.Url).Lsn | Should -Be $point.Lsn
        # The server's own record of the point: the WAL holds a restore point record with that name.
        $dump = & runuser -u postgres -- "$($Server.Bin)/pg_waldump" (Join-Path $Archive $point.WalFile) 2>$null
        ($dump | Select-String 'RESTORE_POINT' | Out-String) | Should -Match 'before_v42'
    }

    It 'is refused while archiving fails, naming the segment' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        $null = Invoke-TestSql -Url $Server.Url -Sql "ALTER SYSTEM SET archive_command = '/bin/false'; SELECT pg_reload_conf();"
        try {
            Start-Sleep -Milliseconds 500
            $null = Invoke-TestSql -Url $Server.Url -Sql 'CREATE TABLE churn AS SELECT g FROM generate_series(1, 1000) g; SELECT pg_switch_wal();'
            $null = Wait-TestCondition -Seconds 60 -What 'the archiver to record a failure' -Condition { (Invoke-TestSql -Url $Server.Url -Sql 'SELECT failed_count FROM pg_stat_archiver') -ne '0' }
            { New-MigrationRestorePoint -Database $Server.Url -Name while_failing -ErrorAction Stop } | Should -Throw -ErrorId 'PointInTimeRecoveryUnavailable,*' -ExpectedMessage '*archiving fails*'
        }
        finally {
            $null = Invoke-TestSql -Url $Server.Url -Sql "ALTER SYSTEM SET archive_command = 'cp %p $Archive/%f'; SELECT pg_reload_conf();"
        }
    }
}

Describe 'Restore-MigrationDatabase' -Tag Integration {
    BeforeAll {
        $script:Server = Start-PrivatePostgres -Port 5447
        if ($Server) {
            $script:Archive = Enable-TestArchiving $Server
            $script:Db = New-OrdersDatabase $Server 500
            $script:Before = Invoke-TestSql -Url $Db -Sql 'SELECT id, total, note FROM orders ORDER BY id'
            $script:Base = Join-Path $Server.Folder 'base'
            $script:Copy = Join-Path $Server.Folder 'recovered'
        }
    }

    AfterAll { Remove-PrivatePostgres $Server }

    It 'recovers a copy to the restore point beside production, with the data from before a migration that broke it, and removes it' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        $taken = New-MigrationBackup -Database $Db -BaseBackup -Path $Base
        $taken.Verified | Should -BeTrue
        $taken.StartLsn | Should -Match '/'
        $rp = New-MigrationRestorePoint -Database $Db -Name before_v42

        # The release: it corrupts rows and drops a column.
        $folder = New-TestMigrationFolder @{ '1_break.up.sql' = "UPDATE orders SET total = 0 WHERE id % 2 = 0;`nALTER TABLE orders DROP COLUMN note;"; '1_break.down.sql' = 'ALTER TABLE orders ADD COLUMN note TEXT;' }
        try { $null = Invoke-Migration -Path $folder -Database $Db }
        finally { Remove-Item -Recurse -Force $folder -ErrorAction Ignore }
        Invoke-TestSql -Url $Db -Sql "SELECT count(*) FROM orders WHERE total = 0" | Should -Be '250'

        $copy = Restore-MigrationDatabase -RestorePoint $rp -BaseBackup $taken -WalArchive $Archive -Path $Copy -Port 5448 -Confirm:$false -ErrorAction Stop
        $script:CopyType = $copy.GetType()
        $copy.Port | Should -Be 5448
        $copy.Url | Should -Match ':5448/shop'
        # The copy keeps production's roles: the same login, on the copy's port.
        $copyUrl = $Db -replace ':5447/', ':5448/'
        Invoke-TestSql -Url $copyUrl -Sql 'SELECT id, total, note FROM orders ORDER BY id' | Should -Be $Before -Because 'the copy holds every row and column as before the release'
        Invoke-TestSql -Url $copyUrl -Sql 'SELECT pg_is_in_recovery()' | Should -Be 'f' -Because 'it was promoted at the point'
        (Get-Migration -Database $copy.Database).State | Should -BeNullOrEmpty -Because 'the copy is from before the release: its journal has no migration yet'
        Invoke-TestSql -Url $Db -Sql "SELECT count(*) FROM orders WHERE total = 0" | Should -Be '250' -Because 'production is untouched'

        # One table back into production, as it was at the point: the dropped column too, with the modes and checks of table backups.
        # The dropped column first (re-added with its type and filled by key), then every row as it was.
        $columns = Restore-MigrationBackup -FromDatabase $copy -Table orders -Columns note -Database $Db -Confirm:$false -ErrorAction Stop
        $columns.AddedColumns | Should -Be @('note')
        $result = Restore-MigrationBackup -FromDatabase $copy -Table orders -Mode Replace -Database $Db -Confirm:$false -ErrorAction Stop
        $result.Verified | Should -BeTrue
        Invoke-TestSql -Url $Db -Sql 'SELECT id, total, note FROM orders ORDER BY id' | Should -Be $Before -Because 'production has the table back as it was before the release'
        @(Get-MigrationBackup -Database $Db -Table orders).Verified | Should -Be @($true, $true) -Because 'each copied table stays as a verified backup'

        $copy | Remove-MigrationDatabase -Confirm:$false
        Test-Path $Copy | Should -BeFalse
        { Invoke-TestSql -Url $copyUrl -Sql 'SELECT 1' } | Should -Throw
    }

    It 'removes the copy when the target is never reached, and says why' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        $never = Join-Path $Server.Folder 'never'
        { Restore-MigrationDatabase -Database $Db -PointInTime ([DateTimeOffset]::UtcNow.AddDays(1)) -BaseBackup $Base -WalArchive $Archive -Path $never -Port 5449 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'RecoveryFailed,*'
        Test-Path $never | Should -BeFalse
    }

    It 'refuses a base backup that no longer matches its manifest with BackupVerificationFailed, before anything is made' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        $damaged = Join-Path $Server.Folder 'base-damaged'
        Copy-Item -Recurse $Base $damaged
        # One byte of the largest relation file, as a failing disk or a careless edit leaves it.
        $file = Get-ChildItem -Recurse -File (Join-Path $damaged 'base') | Sort-Object Length -Descending | Select-Object -First 1
        $bytes = [IO.File]::ReadAllBytes($file.FullName)
        $bytes[[int]($bytes.Length / 2)] = $bytes[[int]($bytes.Length / 2)] -bxor 0x20
        [IO.File]::WriteAllBytes($file.FullName, $bytes)
        # Tested on its own first, as a nightly job would: the one as taken passes, the damaged one says why.
        (Get-MigrationBackup -Database $Db -BaseBackup | Where-Object Path -eq $Base | Test-MigrationBackup).Passed | Should -BeTrue
        $listed = Get-MigrationBackup -Database $Db -BaseBackup | Where-Object Path -eq $Base
        $check = $listed.GetType()::new($damaged, $listed.Database) | Test-MigrationBackup
        $check.Passed | Should -BeFalse
        $check.Reason | Should -Match 'checksum mismatch'
        $target = Join-Path $Server.Folder 'from-damaged'
        { Restore-MigrationDatabase -Database $Db -PointInTime ([DateTimeOffset]::UtcNow) -BaseBackup $damaged -WalArchive $Archive -Path $target -Port 5453 -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupVerificationFailed,*' -ExpectedMessage '*checksum mismatch*'
        Test-Path $target | Should -BeFalse -Because 'no copy was laid out from it'
        @(& pgrep -f "postgres.*$target") | Where-Object { $_ } | Should -BeNullOrEmpty
    }

    It 'on Ctrl+C stops the copy and deletes its folder' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        # An archive whose first file the copy asks for is a pipe nobody writes to: restore_command blocks, so
        # the copy is caught replaying when the operator presses Ctrl+C.
        $stuck = Join-Path $Server.Folder 'stuck-archive'
        $null = New-Item -ItemType Directory -Path $stuck
        & mkfifo (Join-Path $stuck '00000002.history')
        & chown -R postgres $stuck
        $copyPath = Join-Path $Server.Folder 'interrupted'
        $out = Join-Path $Server.Folder 'interrupted.txt'
        $process = Start-ModuleProcess -Command "Restore-MigrationDatabase -Database '$Db' -PointInTime ([DateTimeOffset]::UtcNow) -BaseBackup '$Base' -WalArchive '$stuck' -Path '$copyPath' -Port 5452 -Confirm:`$false" -OutFile $out
        try {
            $null = Wait-TestCondition -Seconds 60 -What 'the copy to start replaying' -Condition { Test-Path (Join-Path $copyPath 'postmaster.pid') }
            Start-Sleep -Milliseconds 500
            & kill -INT $process.Id
            $process.WaitForExit(90000) | Should -BeTrue -Because 'Ctrl+C ends the command'
        }
        finally {
            if (-not $process.HasExited) { $process.Kill() }
        }
        Test-Path $copyPath | Should -BeFalse -Because 'the interrupted copy is removed'
        @(& pgrep -f "postgres.*$copyPath") | Where-Object { $_ } | Should -BeNullOrEmpty -Because 'no server of the copy is left running'
    }

    It 'refuses a folder that is not empty, and never removes what it did not make' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        { Restore-MigrationDatabase -Database $Db -PointInTime ([DateTimeOffset]::UtcNow) -BaseBackup $Base -WalArchive $Archive -Path $Server.Data -Port 5449 -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported,*'
        # The type lives in the module's own load context: made from the one the first test returned.
        $fake = $CopyType::new((Connect-MigrationDatabase $Db), $Server.Data, $Server.Port, 'x')
        { $fake | Remove-MigrationDatabase -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported,*'
        Test-Path (Join-Path $Server.Data 'PG_VERSION') | Should -BeTrue
    }
}

Describe 'Example runbook Rollback-PointInTime' -Tag Integration {
    BeforeAll {
        $script:Server = Start-PrivatePostgres -Port 5450
        if ($Server) {
            $script:Archive = Enable-TestArchiving $Server
            $script:Db = New-OrdersDatabase $Server 200
        }
    }

    AfterAll { Remove-PrivatePostgres $Server }

    It 'puts the corrupted table back as it was at the restore point, dropped column and all, and leaves no copy' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private PostgreSQL'; return }
        $before = Invoke-TestSql -Url $Db -Sql 'SELECT id, total, note FROM orders ORDER BY id'
        $base = Join-Path $Server.Folder 'base'
        $null = New-MigrationBackup -Database $Db -BaseBackup -Path $base
        # The release: a migration taken with a restore point, that corrupts rows and drops a column.
        $release = New-TestMigrationFolder @{ '1_release.up.sql' = "UPDATE orders SET total = -1 WHERE id <= 50;`nALTER TABLE orders DROP COLUMN note;"; '1_release.down.sql' = 'ALTER TABLE orders ADD COLUMN note TEXT;' }
        try { $null = Invoke-Migration -Path $release -Database $Db -RestorePoint before_release }
        finally { Remove-Item -Recurse -Force $release -ErrorAction Ignore }
        $copyPath = Join-Path $Server.Folder 'copy'
        $report = Join-Path $Server.Folder 'incident.md'

        & (Join-Path $PSScriptRoot '../../examples/runbooks/Rollback-PointInTime.ps1') -Database $Db -RestorePoint before_release -Table orders -BaseBackup $base -WalArchive $Archive -CopyPath $copyPath -Port 5451 -ReportPath $report -Confirm:$false

        Invoke-TestSql -Url $Db -Sql 'SELECT id, total, note FROM orders ORDER BY id' | Should -Be $before
        Test-Path $copyPath | Should -BeFalse
        $text = Get-Content -Raw $report
        $text | Should -Match 'restore point before_release'
        $text | Should -Match 'Restore orders from backup'
    }
}

Describe 'Remove-MigrationDatabase' {
    It 'takes only a recovered copy, by value from the pipeline' {
        (Get-Command Remove-MigrationDatabase).Parameters['InputObject'].ParameterType.Name | Should -Be 'RecoveredDatabase'
        (Get-Command Remove-MigrationDatabase).Parameters['InputObject'].Attributes.ValueFromPipeline | Should -Contain $true
    }
}

Describe 'Restore points on MariaDB' -Tag Integration {
    BeforeAll {
        $script:Server = Start-PrivateMariaDb -Port 3313 -ServerOption '--log-bin=binlog', '--binlog-format=ROW', '--server-id=1'
    }

    AfterAll { Remove-PrivateMariaDb $Server }

    It 'is refused on a server without the binary log, saying what to turn on' {
        $db = New-TestDatabase MySql
        try {
            $logBin = Invoke-TestSql -Url $db -Sql 'SELECT @@log_bin'
            if ($logBin -ne '0') { Set-ItResult -Skipped -Because 'the shared server has its binary log on'; return }
            { New-MigrationRestorePoint -Database $db -Name p1 -ErrorAction Stop } | Should -Throw -ErrorId 'PointInTimeRecoveryUnavailable,*' -ExpectedMessage '*log_bin*'
        }
        finally { Remove-TestDatabase $db }
    }

    It 'with the binary log on, flushes it and records file, position and GTID' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private MariaDB'; return }
        $db = $Server.Url -replace '/mysql$', '/shop'
        $null = Invoke-TestSql -Url $Server.Url -Sql 'CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY); INSERT INTO shop.orders VALUES (1);'
        $before = (Invoke-TestSql -Url $db -Sql 'SHOW MASTER STATUS') -split "`t"
        $point = New-MigrationRestorePoint -Database $db -Name before_v42
        $point.BinlogFile | Should -Match '^binlog\.\d+$'
        $point.BinlogFile | Should -Not -Be $before[0] -Because 'the log was flushed into a new file'
        $point.BinlogPosition | Should -BeGreaterThan 0
        $point.Gtid | Should -Match '^\d+-\d+-\d+'
        (Get-MigrationRestorePoint -Database $db).BinlogFile | Should -Be $point.BinlogFile
    }

    It 'recovers a copy from the dump and the binary log to the restore point, puts one table back, and removes the copy' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private MariaDB'; return }
        $db = $Server.Url -replace '/mysql$', '/store'
        $null = Invoke-TestSql -Url $Server.Url -Sql "CREATE DATABASE store; CREATE TABLE store.orders (id INT PRIMARY KEY, total INT NOT NULL, note VARCHAR(50)); INSERT INTO store.orders SELECT seq, seq * 10, CONCAT('order ', seq) FROM seq_1_to_100;"
        $base = New-MigrationBackup -Database $db -BaseBackup -Path (Join-Path $Server.Folder 'base')
        $base.BinlogFile | Should -Match '^binlog\.\d+$'
        # Written after the dump: only the binary log can bring these into the copy.
        $null = Invoke-TestSql -Url $db -Sql "INSERT INTO orders SELECT seq, seq * 10, CONCAT('late ', seq) FROM seq_101_to_150;"
        $before = Invoke-TestSql -Url $db -Sql 'SELECT id, total, note FROM orders ORDER BY id'
        $rp = New-MigrationRestorePoint -Database $db -Name before_v42
        $null = Invoke-TestSql -Url $db -Sql 'UPDATE orders SET total = 0 WHERE id % 3 = 0; DELETE FROM orders WHERE id > 140;'

        $copy = Restore-MigrationDatabase -RestorePoint $rp -BaseBackup $base -Confirm:$false -ErrorAction Stop
        $copy.Database.DatabaseName | Should -Match '^store_rbt_recovered_'
        $copyUrl = $db -replace '/store$', "/$($copy.Database.DatabaseName)"
        Invoke-TestSql -Url $copyUrl -Sql 'SELECT id, total, note FROM orders ORDER BY id' | Should -Be $before -Because 'the dump and the replayed log give the table as it was at the point'

        $result = Restore-MigrationBackup -FromDatabase $copy -Table orders -Mode Replace -Database $db -Confirm:$false -ErrorAction Stop
        $result.Verified | Should -BeTrue
        Invoke-TestSql -Url $db -Sql 'SELECT id, total, note FROM orders ORDER BY id' | Should -Be $before

        $copy | Remove-MigrationDatabase -Confirm:$false
        Invoke-TestSql -Url $Server.Url -Sql "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'store_rbt_recovered_%'" | Should -Be '0'
    }

    It 'recovers a copy to a point in time: what was written before that second, nothing after it' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private MariaDB'; return }
        $db = $Server.Url -replace '/mysql$', '/ledger'
        $null = Invoke-TestSql -Url $Server.Url -Sql 'CREATE DATABASE ledger; CREATE TABLE ledger.entries (id INT PRIMARY KEY, amount INT NOT NULL); INSERT INTO ledger.entries SELECT seq, seq FROM seq_1_to_10;'
        $base = New-MigrationBackup -Database $db -BaseBackup -Path (Join-Path $Server.Folder 'base-ledger')
        # The binary log stamps events to the second: each write lands in a second of its own.
        Start-Sleep -Milliseconds 1200
        $null = Invoke-TestSql -Url $db -Sql 'INSERT INTO entries SELECT seq, seq FROM seq_11_to_20;'
        $before = Invoke-TestSql -Url $db -Sql 'SELECT id, amount FROM entries ORDER BY id'
        Start-Sleep -Milliseconds 1200
        $at = [DateTimeOffset]::UtcNow
        Start-Sleep -Milliseconds 1200
        $null = Invoke-TestSql -Url $db -Sql 'UPDATE entries SET amount = 0; DELETE FROM entries WHERE id > 15;'

        # The base backup as the catalog lists it, as a runbook would find it.
        $listed = Get-MigrationBackup -Database $db -BaseBackup -Verified | Select-Object -Last 1
        $listed.Path | Should -Be $base.Path
        $listed.BinlogFile | Should -Be $base.BinlogFile
        $listed.BinlogPosition | Should -Be $base.BinlogPosition
        $copy = Restore-MigrationDatabase -Database $db -PointInTime $at -BaseBackup $listed -Confirm:$false -ErrorAction Stop
        $copy.RecoveredTo | Should -Be ('{0:yyyy-MM-dd HH:mm:ss} UTC' -f $at.UtcDateTime)
        # Both export plain, as every output does: the database as its URL, without the password.
        foreach ($exported in $listed, $copy) {
            $json = $exported | ConvertTo-Json | ConvertFrom-Json
            $json.Database | Should -Be $exported.Database.Url
            ($exported | ConvertTo-Csv) -join "`n" | Should -Not -Match '"(System|RollbackTools)\.'
        }
        $copyUrl = $db -replace '/ledger$', "/$($copy.Database.DatabaseName)"
        Invoke-TestSql -Url $copyUrl -Sql 'SELECT id, amount FROM entries ORDER BY id' | Should -Be $before -Because 'the rows written after the dump are replayed, the damage after the time is not'
        $copy | Remove-MigrationDatabase -Confirm:$false
    }

    It 'refuses a base backup dump that lost its tail or changed a byte with BackupVerificationFailed, and makes no copy' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private MariaDB'; return }
        $db = $Server.Url -replace '/mysql$', '/damaged'
        $null = Invoke-TestSql -Url $Server.Url -Sql "CREATE DATABASE damaged; CREATE TABLE damaged.notes (id INT PRIMARY KEY, body VARCHAR(50)); INSERT INTO damaged.notes SELECT seq, CONCAT('note ', seq) FROM seq_1_to_500;"
        $base = New-MigrationBackup -Database $db -BaseBackup -Path (Join-Path $Server.Folder 'base-damaged')
        $rp = New-MigrationRestorePoint -Database $db -Name after_notes
        $cut = Join-Path $Server.Folder 'base-cut'
        $flipped = Join-Path $Server.Folder 'base-flipped'
        Copy-Item -Recurse $base.Path $cut
        Copy-Item -Recurse $base.Path $flipped
        $stream = [IO.File]::Open((Join-Path $cut 'dump.sql'), 'Open')
        try { $stream.SetLength($stream.Length - 300) } finally { $stream.Dispose() }
        # A letter's case flipped inside the rows: the file still loads, with one value wrong.
        $dump = Join-Path $flipped 'dump.sql'
        $bytes = [IO.File]::ReadAllBytes($dump)
        $at = [Text.Encoding]::ASCII.GetString($bytes).IndexOf("note 250")
        $bytes[$at] = $bytes[$at] -bxor 0x20
        [IO.File]::WriteAllBytes($dump, $bytes)

        $checks = @($base.Path, $cut, $flipped | ForEach-Object { $base.GetType()::new($_, $base.Database) } | Test-MigrationBackup)
        $checks.Passed | Should -Be @($true, $false, $false)
        $checks[1].Reason | Should -Match 'incomplete'
        $checks[2].Reason | Should -Match 'SHA-256'
        { Restore-MigrationDatabase -RestorePoint $rp -BaseBackup $cut -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupVerificationFailed,*' -ExpectedMessage '*incomplete*'
        { Restore-MigrationDatabase -RestorePoint $rp -BaseBackup $flipped -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupVerificationFailed,*' -ExpectedMessage '*SHA-256*'
        Invoke-TestSql -Url $Server.Url -Sql "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'damaged_rbt_recovered_%'" | Should -Be '0'
        # The backup as taken still recovers.
        $copy = Restore-MigrationDatabase -RestorePoint $rp -BaseBackup $base -Confirm:$false -ErrorAction Stop
        $copy | Remove-MigrationDatabase -Confirm:$false
        # A base backup whose folder no longer holds one is left alone, catalog and all.
        $emptied = New-MigrationBackup -Database $db -BaseBackup -Path (Join-Path $Server.Folder 'base-emptied')
        Remove-Item (Join-Path $emptied.Path 'dump.sql')
        { $emptied | Remove-MigrationBackup -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'NotSupported,*'
        Test-Path (Join-Path $emptied.Path 'binlog-position.json') | Should -BeTrue
        (Get-MigrationBackup -Database $db -BaseBackup).Path | Should -Contain $emptied.Path
        $folder = New-TestMigrationFolder @{ '1_a.up.sql' = 'CREATE TABLE a (id INTEGER);'; '1_a.down.sql' = 'DROP TABLE a;' }
        try {
            $item = Test-MigrationReadiness -Path $folder -Database $db -PointInTimeRecovery | Where-Object Name -eq 'Point-in-time recovery possible'
            $item.Status | Should -Be 'Fail' -Because 'the newest base backup lost its dump'
            $item.Detail | Should -Match 'dump\.sql'
        }
        finally { Remove-Item -Recurse -Force $folder -ErrorAction Ignore }
        $base | Remove-MigrationBackup -Confirm:$false
        (Get-MigrationBackup -Database $db -BaseBackup).Path | Should -Not -Contain $base.Path
        Test-Path $base.Path | Should -BeFalse
    }

    It 'refuses a point in time before the base backup or ahead of the server''s clock with RecoveryFailed, and makes no copy' {
        if (-not $Server) { Set-ItResult -Skipped -Because 'this machine cannot run a private MariaDB'; return }
        $db = $Server.Url -replace '/mysql$', '/ledger2'
        $null = Invoke-TestSql -Url $Server.Url -Sql 'CREATE DATABASE ledger2; CREATE TABLE ledger2.entries (id INT PRIMARY KEY);'
        $early = [DateTimeOffset]::UtcNow.AddMinutes(-5)
        $base = New-MigrationBackup -Database $db -BaseBackup -Path (Join-Path $Server.Folder 'base-ledger2')
        { Restore-MigrationDatabase -Database $db -PointInTime $early -BaseBackup $base -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'RecoveryFailed,*' -ExpectedMessage '*older base backup*'
        { Restore-MigrationDatabase -Database $db -PointInTime ([DateTimeOffset]::UtcNow.AddHours(1)) -BaseBackup $base -Confirm:$false -ErrorAction Stop } |
            Should -Throw -ErrorId 'RecoveryFailed,*' -ExpectedMessage "*later than the server's clock*"
        Invoke-TestSql -Url $Server.Url -Sql "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'ledger2_rbt_recovered_%'" | Should -Be '0'
    }
}
