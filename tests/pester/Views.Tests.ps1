BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $formatFile = Join-Path (Get-TestModulePath) 'RollbackTools.Format.ps1xml'
    $script:Views = @(([xml] (Get-Content -Raw $formatFile)).Configuration.ViewDefinitions.View | ForEach-Object {
            @{ Name = $_.Name; TypeName = $_.ViewSelectedBy.TypeName; IsTable = $null -ne $_.TableControl }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-TestModulePath
    Import-Module $ModulePath -Force
    $script:FormatFile = [xml] (Get-Content -Raw (Join-Path $ModulePath 'RollbackTools.Format.ps1xml'))

    # Each output type as a command really returns it, with the longest values its key columns commonly
    # hold: 14-digit timestamp versions, the longest state of each enum, the seed's backup names.
    $at = [DateTimeOffset]::new(2026, 12, 2, 15, 30, 12, [TimeSpan]::Zero)
    $target = [pscustomobject]@{ Url = 'postgres://deploy@db-eu-west-17.example.net:5432/orders_production' }
    $script:Samples = @{
        'RollbackTools.DatabaseTarget'        = @{ Provider = 'PostgreSql'; Host = 'db-eu-west-17.corp'; Port = 5432; UserName = 'deploy_admin'; HasPassword = $true; DatabaseName = 'orders_production' }
        'RollbackTools.ConnectionTestResult'  = @{ Provider = 'PostgreSql'; ServerVersion = '15.18 (Debian)'; TransactionalDdl = $true; LatencyMs = 1.234; Url = $target.Url }
        'RollbackTools.MigrationInfo'         = @{ Version = '20261202153012'; Name = 'add_users_email_index'; State = 'Modified'; AppliedAt = $at; Error = 'the file changed after it was applied (checksum 9f2c1e0a, recorded 4b7d0c11)'; StatementsDone = 0 }
        'RollbackTools.MigrationResult'       = @{ Version = '20261202153012'; Name = 'add_orders_status'; Direction = 'Down'; Status = 'RolledBack'; DurationMs = 12345.6; Error = 'ERROR: column "status" of relation "orders" already exists (line 3)' }
        'RollbackTools.MigrationImportRow'    = @{ Tool = 'GolangMigrate'; Source = 'schema_migrations in orders_production'; Version = '20261202153012'; State = 'Applied'; Action = 'AlreadyRecorded' }
        'RollbackTools.FleetDatabaseStatus'   = @{ State = 'Unreachable'; Version = '20261202153012'; Pending = 120; Dirty = 1; Failed = 12; Drift = 3; Database = $target }
        'RollbackTools.FleetSummary'          = @{ State = 'Unreachable'; Count = 120 }
        'RollbackTools.MigrationHistoryEntry' = @{ At = $at; Version = '20261202153012'; Action = 'RollbackPlan'; Status = 'Succeeded'; Name = 'add_orders_idx'; By = 'deploy@build-agent-07' }
        'RollbackTools.MigrationBackup'       = @{ Id = 1234; Kind = 'Table'; Table = 'orders_archive'; RowCount = 123456789; Incomplete = $true; Verified = $false; BackupTable = 'orders_archive_backup_20261202153012'; Path = $null }
        'RollbackTools.BackupTestResult'      = @{ Id = 1234; Kind = 'Table'; Passed = $false; Name = 'orders_backup_20261202153012'; Reason = 'the copy has 12 rows fewer than the catalog recorded' }
        'RollbackTools.BaseBackupTestResult'  = @{ Passed = $false; CreatedAt = $at; Path = '/srv/backups/base-2026-12-02'; Reason = 'pg_verifybackup: error: checksum mismatch for file "base/5/16384"' }
        'RollbackTools.RestoreResult'         = @{ Mode = 'Replace'; Inserted = 12345678; Updated = 1234567; Deleted = 1234567; Verified = $true; DurationMs = 123456; Table = 'public.orders_archive' }
        'RollbackTools.ActiveQuery'           = @{ Id = 1234567; User = 'deploy'; State = 'active'; DurationMs = 1234500; BlockedBy = @(4321); Blocking = 12; Query = 'ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT ''new''' }
        'RollbackTools.StopQueryResult'       = @{ Id = 1234567; Action = 'Terminate'; Stopped = $true; ElapsedMs = 1234; Detail = 'the session was terminated; its transaction rolled back' }
        'RollbackTools.SchemaSnapshot'        = @{ Provider = 'PostgreSql'; Tables = 1234; Objects = @(1..12345); Fingerprint = 'a3f9c2e4b1d0f8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3'; DatabaseName = 'orders_production' }
        'RollbackTools.SchemaDifference'      = @{ Change = 'Modified'; Kind = 'Constraint'; Name = 'orders.fk_customer'; Property = 'Definition'; Reference = 'bigint'; Difference = 'integer NOT NULL DEFAULT 0' }
        'RollbackTools.RollbackTestResult'    = @{ Version = '20261202153012'; Name = 'add_orders_status'; Passed = $false; FailedAt = 'Verify'; DurationMs = 123456; Differences = @('column orders.status left behind', 'index orders_status_idx left behind') }
        'RollbackTools.DeprecatedObject'      = @{ Id = 1234; Kind = 'Column'; AgeDays = 123.4; ExpiresAt = $at; UsedSinceDeprecation = $null; Table = 'orders'; Name = 'legacy_code'; DeprecatedName = '_deprecated_legacy_code_20261202' }
        'RollbackTools.ChecklistItem'         = @{ Status = 'Skipped'; Name = 'Every pending migration has a down'; Detail = '3 migrations have no down script: 20261202153012, 20261202153013, 20261202153014' }
        'RollbackTools.RollbackPlan'          = @{ Branch = 'DataCorruption'; Evidence = @('orders changed after the release'); Steps = @([pscustomobject]@{ Order = 1; Description = 'Restore orders from its backup'; Command = 'Restore-MigrationBackup -Id 12' }); DatabaseUrl = $target.Url }
        'RollbackTools.MigrationRestorePoint' = @{ Name = 'before_release_2026_42'; Provider = 'PostgreSql'; CreatedAt = $at; Position = 'LSN 0/3000090 on timeline 1 (000000010000000000000003)' }
        'RollbackTools.BaseBackup'            = @{ StartLsn = '1A/3F000028'; Size = 123456789012; Verified = $true; CreatedAt = $at; Path = '/srv/backups/base-2026-12-02' }
        'RollbackTools.RecoveredDatabase'     = @{ Port = 5499; RecoveredTo = 'restore point before_v42_2026'; Url = 'postgres://deploy@127.0.0.1:5499/orders_production' }
        'RollbackTools.RollbackStepResult'    = @{ Order = 12; Kind = 'ApplicationRollback'; Status = 'Succeeded'; DurationMs = 1234567; Description = 'Roll the application back to the release before 42'; Database = $target }
    }

    function New-Sample([string] $TypeName) {
        $properties = [ordered]@{}
        foreach ($entry in $Samples[$TypeName].GetEnumerator()) { $properties[$entry.Key] = $entry.Value }
        # The type name goes on after the values: named first, the type's code properties (Version,
        # Database in RollbackTools.Types.ps1xml) would refuse them.
        $sample = [pscustomobject] $properties
        $sample.PSObject.TypeNames.Insert(0, $TypeName)
        $sample
    }

    # What a column shows for the sample, uncut: its property's text or its script block's result.
    function Get-ColumnText($Item, $Sample) {
        $value = if ($Item.PropertyName) { $Sample.($Item.PropertyName) } else { $Sample | ForEach-Object ([scriptblock]::Create($Item.ScriptBlock)) }
        "$value"
    }
}

Describe 'Every format view' {
    It '<Name> has a sample here, so the rendering check covers it' -ForEach $Views {
        $Samples.ContainsKey($TypeName) | Should -BeTrue -Because 'a new view needs a sample in Views.Tests.ps1'
    }

    It '<Name> shows every key column uncut at 80 and 120 columns' -ForEach @($Views | Where-Object IsTable) {
        $view = $FormatFile.Configuration.ViewDefinitions.View | Where-Object Name -eq $Name
        $headers = @($view.TableControl.TableHeaders.TableColumnHeader)
        $items = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem)
        $view.TableControl.TableRowEntries.TableRowEntry.SelectSingleNode('Wrap') | Should -Not -BeNullOrEmpty -Because 'long text wraps instead of being cut'
        $headers[-1].Width | Should -BeNullOrEmpty -Because 'the long text goes last and takes the room left'
        $sample = New-Sample $TypeName

        foreach ($width in 80, 120) {
            $text = $sample | Format-Table | Out-String -Width $width
            $lines = @($text -split "`r?`n" | Where-Object { $_.Trim() })
            foreach ($line in $lines) { $line.TrimEnd().Length | Should -BeLessOrEqual $width -Because "no line is wider than $width columns" }
            # A grouped view prints its group first: the header is the line above the dashes.
            $dashes = [array]::FindIndex([string[]] $lines, [Predicate[string]] { param($l) $l.Trim() -match '^-+( +-+)*$' })
            foreach ($header in $headers) { $lines[$dashes - 1] | Should -Match ([regex]::Escape($header.Label)) -Because "the $($header.Label) column is shown at $width columns" }
            for ($i = 0; $i -lt $headers.Count - 1; $i++) {
                $shown = Get-ColumnText $items[$i] $sample
                $shown.Length | Should -BeLessOrEqual ([int] $headers[$i].Width) -Because "$($headers[$i].Label) fits its column"
                $text | Should -Match ([regex]::Escape($shown)) -Because "$($headers[$i].Label) reads '$shown' whole at $width columns"
            }
            # The long text may wrap over lines, never lose a character.
            $long = (Get-ColumnText $items[-1] $sample) -replace '\s'
            ($text -replace '\s') | Should -Match ([regex]::Escape($long)) -Because "the $($headers[-1].Label) text is all there, wrapped"
        }
    }

    It 'RollbackPlan shows every step at 80 columns' {
        $text = New-Sample 'RollbackTools.RollbackPlan' | Format-List | Out-String -Width 80
        $text | Should -Match 'Restore-MigrationBackup -Id 12'
        $text | Should -Match 'DataCorruption'
    }
}
