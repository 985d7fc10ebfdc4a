# What ConvertTo-Json and Export-Csv make of every output object: plain text, numbers and lists a
# pipeline can keep as an artifact and another tool can read, while PowerShell keeps the typed values.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # What JSON shows when a .NET value was walked property by property instead of written plain.
    $script:UnplainKeys = @(
        @('Ticks', 'TotalMilliseconds'),        # a TimeSpan
        @('Text', 'IsRepeatable'),              # a MigrationVersion
        @('HasPassword', 'ConnectTimeoutMs')    # a DatabaseTarget nested in a result
    )

    function script:Get-UnplainJson($Node, [string] $Where, [bool] $IsTop) {
        if ($Node -is [System.Management.Automation.PSCustomObject]) {
            $names = @($Node.PSObject.Properties.Name)
            foreach ($keys in $UnplainKeys) {
                if (-not ($IsTop -and $keys[0] -eq 'HasPassword') -and @($keys | Where-Object { $_ -in $names }).Count -eq $keys.Count) {
                    "$Where is an object with $($keys -join ', ')"
                }
            }
            foreach ($property in $Node.PSObject.Properties) { Get-UnplainJson $property.Value "$Where.$($property.Name)" $false }
        }
        elseif ($Node -is [array]) {
            for ($i = 0; $i -lt $Node.Count; $i++) { Get-UnplainJson $Node[$i] "$Where[$i]" $false }
        }
    }

    # Checks one real output object both ways and returns what came back from JSON and from CSV.
    function script:Assert-PlainExport($Object, [string] $Secret) {
        $text = $Object | ConvertTo-Json -Depth 6 -WarningAction Stop
        if ($Secret) { $text | Should -Not -BeLike "*$Secret*" -Because 'a password is never written' }
        $json = $text | ConvertFrom-Json
        @(Get-UnplainJson $json $Object.GetType().Name $true) | Should -BeNullOrEmpty
        $csvText = ($Object | ConvertTo-Csv) -join "`n"
        if ($Secret) { $csvText | Should -Not -BeLike "*$Secret*" }
        $csv = $csvText | ConvertFrom-Csv
        foreach ($property in $csv.PSObject.Properties) {
            $property.Value | Should -Not -Match '^(System|RollbackTools)\.[\w.`\[\], ]+$' -Because "CSV column $($property.Name) writes a value, not a type name"
        }
        @{ Json = $json; Csv = $csv }
    }

    function script:Assert-TypedInPowerShell($Object) {
        if ($Object.PSObject.Properties['Version'] -and $null -ne $Object.Version) {
            $Object.Version.GetType().Name | Should -Be 'MigrationVersion' -Because 'Sort-Object Version compares versions'
        }
        if ($Object.PSObject.Properties['Database'] -and $null -ne $Object.Database) {
            $Object.Database.GetType().Name | Should -Be 'DatabaseTarget' -Because '-Database binds from it with its credentials'
        }
    }

    $script:Folder = New-TestMigrationFolder @{
        '1_customers.up.sql'   = 'CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, legacy TEXT); INSERT INTO customers VALUES (1, ''Ada'', ''x''), (2, ''Grace'', ''y'');'
        '1_customers.down.sql' = 'DROP TABLE customers;'
        '1.2.10_orders.up.sql'   = 'CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER);'
        '1.2.10_orders.down.sql' = 'DROP TABLE orders;'
    }
    $script:Db = Join-Path $Folder 'export.db'
    $script:Target = Connect-MigrationDatabase $Db
    $script:Applied = @(Invoke-Migration -Path $Folder -Database $Target -Count 1)
    $script:Backup = New-MigrationBackup -Database $Target -Table customers
    $script:Plan = Get-RollbackPlan -Database $Target -Symptom SchemaIncomplete
    $script:Objects = [ordered]@{
        DatabaseTarget       = $Target
        ConnectionTestResult = Test-MigrationConnection -Database $Target
        MigrationInfo        = Get-Migration -Path $Folder -Database $Target | Select-Object -First 1
        MigrationResult      = $Applied[0]
        MigrationHistoryEntry = Get-MigrationHistory -Database $Target | Select-Object -First 1
        MigrationBackup      = $Backup
        BackupTestResult     = $Backup | Test-MigrationBackup
        RestoreResult        = $Backup | Restore-MigrationBackup -Mode Upsert -Confirm:$false
        SchemaSnapshot       = Get-MigrationSchema -Database $Target
        ChecklistItem        = Test-MigrationReadiness -Path $Folder -Database $Target | Select-Object -First 1
        RollbackPlan         = $Plan
        RollbackTestResult   = Test-MigrationRollback -Path $Folder -Database $Target -Confirm:$false | Select-Object -First 1
        MigrationRestorePoint = New-MigrationRestorePoint -Database $Target -Name before_export
        DeprecatedObject     = Remove-MigrationColumn -Database $Target -Table customers -Name legacy -Confirm:$false
        FleetDatabaseStatus  = Get-MigrationFleet -Path $Folder -Database $Target | Where-Object { $_.GetType().Name -eq 'FleetDatabaseStatus' }
        RollbackStepResult   = $Plan | Invoke-RollbackPlan -Confirm:$false | Select-Object -First 1
    }
    # A database golang-migrate migrated, read in by its history table.
    $adopted = Join-Path $Folder 'adopted.db'
    $null = Invoke-TestSql -Url $adopted -Sql 'CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, legacy TEXT); CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL); INSERT INTO schema_migrations VALUES (1, 0);'
    $Objects.MigrationImportRow = Import-MigrationHistory -Path $Folder -Database $adopted -From GolangMigrate | Select-Object -First 1
    # The column renamed aside above is a difference from the snapshot taken before it.
    $Objects.SchemaDifference = Compare-MigrationSchema $Objects.SchemaSnapshot (Get-MigrationSchema -Database $Target) | Select-Object -First 1
}

AfterAll { Remove-Item -Recurse -Force $Folder -ErrorAction Ignore }

Describe 'Output objects in JSON and CSV' {
    It 'every .NET property of every output type is plain: no TimeSpan, version, target or bare list' {
        $allowed = [string], [bool], [char], [byte], [int16], [int], [long], [double], [decimal], [DateTime], [DateTimeOffset], [Guid]
        $seen = @{}
        $queue = [System.Collections.Generic.Queue[type]]::new()
        Get-Command -Module RollbackTools | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.Namespace -eq 'RollbackTools' } | ForEach-Object { $queue.Enqueue($_) }
        $problems = while ($queue.Count) {
            $type = $queue.Dequeue()
            if ($seen[$type.FullName]) { continue }
            $seen[$type.FullName] = $true
            foreach ($property in $type.GetProperties([Reflection.BindingFlags] 'Public, Instance')) {
                $shape = [Nullable]::GetUnderlyingType($property.PropertyType) ?? $property.PropertyType
                if ($shape.IsGenericType -and $shape.Name -match '^Readable(List|Collection)`1$') { $shape = $shape.GetGenericArguments()[0] }
                if ($shape -in $allowed -or ($shape.IsEnum -and [Enum]::GetUnderlyingType($shape) -eq [long])) { continue }
                if ($shape.Name -like 'ReadableDictionary*' -or ($shape.IsGenericType -and $shape.Name -like 'IReadOnlyDictionary*' -and @($shape.GetGenericArguments() | Where-Object { $_ -ne [string] }).Count -eq 0)) { continue }
                if ($shape.Namespace -eq 'RollbackTools' -and $shape.IsClass -and $shape.Name -notin 'MigrationVersion', 'DatabaseTarget') { $queue.Enqueue($shape); continue }
                "$($type.Name).$($property.Name) is $($property.PropertyType)"
            }
        }
        @($problems) | Should -BeNullOrEmpty
        $seen.Count | Should -BeGreaterThan 20 -Because 'the walk reached every output type'
    }

    It 'every output type with a Version or Database property gives PowerShell the typed value' {
        $types = Get-Command -Module RollbackTools | ForEach-Object { $_.OutputType.Type } | Where-Object { $_ -and $_.Namespace -eq 'RollbackTools' } | Sort-Object FullName -Unique
        $missing = foreach ($type in $types) {
            $members = (Get-TypeData $type.FullName).Members
            foreach ($name in 'Version', 'Database') {
                if ($type.GetProperty($name) -and -not ($members -and $members.ContainsKey($name))) { "$($type.Name).$name" }
            }
        }
        @($missing) | Should -BeNullOrEmpty -Because 'RollbackTools.Types.ps1xml lists it'
    }

    It '<_> round-trips through ConvertTo-Json and Export-Csv as plain values' -ForEach @(
        'DatabaseTarget', 'ConnectionTestResult', 'MigrationInfo', 'MigrationResult', 'MigrationHistoryEntry', 'MigrationBackup',
        'BackupTestResult', 'RestoreResult', 'SchemaSnapshot', 'ChecklistItem', 'RollbackPlan', 'RollbackTestResult',
        'MigrationRestorePoint', 'DeprecatedObject', 'FleetDatabaseStatus', 'RollbackStepResult', 'SchemaDifference', 'MigrationImportRow'
    ) {
        $object = $Objects[$_]
        $object | Should -Not -BeNullOrEmpty -Because "the fixture made a $_"
        $object.GetType().Name | Should -Be $_
        $back = Assert-PlainExport $object
        Assert-TypedInPowerShell $object
        if ($object.PSObject.Properties['Database'] -and $null -ne $object.Database) {
            $back.Json.Database | Should -Be $object.Database.Url
            $back.Csv.Database | Should -Be $object.Database.Url
        }
        if ($object.PSObject.Properties['Version'] -and $null -ne $object.Version) {
            $back.Json.Version | Should -BeOfType [string]
            $back.Json.Version | Should -Be $object.Version.ToString()
            $back.Csv.Version | Should -Be $object.Version.ToString()
        }
    }

    It 'writes a result''s version, status and duration as text and milliseconds' {
        $back = Assert-PlainExport $Objects.MigrationResult
        $back.Json.Version | Should -Be '1'
        $back.Json.Status | Should -Be 'Succeeded'
        $back.Json.Direction | Should -Be 'Up'
        $back.Json.DurationMs | Should -BeOfType [double]
        $back.Json.DurationMs | Should -BeGreaterThan 0
        [double] $back.Csv.DurationMs | Should -Be $back.Json.DurationMs
        $back.Json.PSObject.Properties.Name | Should -Not -Contain 'Duration'
    }

    It 'writes lists as JSON arrays and as items joined by "; " in CSV' {
        $back = Assert-PlainExport $Objects.MigrationBackup
        $back.Json.PrimaryKey | Should -Be @('id')
        $back.Csv.PrimaryKey | Should -Be 'id'
        @($back.Json.Columns).Count | Should -Be 3
        $back.Json.Columns[1].Name | Should -Be 'name'
        $back.Csv.Columns | Should -BeLike '*; *'
        $plan = Assert-PlainExport $Objects.RollbackPlan
        @($plan.Json.Steps).Count | Should -Be $Objects.RollbackPlan.Steps.Count
        $plan.Csv.Steps | Should -BeLike '1. *'
    }

    It 'keeps a nested backup plain inside a backup test' {
        $back = Assert-PlainExport $Objects.BackupTestResult
        $back.Json.Backup.Database | Should -Be $Target.Url
        $back.Json.Backup.Table | Should -Be 'customers'
        $back.Csv.Backup | Should -BeLike 'customers -> *'
    }

    It 'writes what lies past ConvertTo-Json''s default depth as text, not as a type name' {
        $text = $Objects.SchemaSnapshot | ConvertTo-Json -WarningAction SilentlyContinue
        $text | Should -Not -Match '"(System|RollbackTools)\.[\w.`\[\], ]+"'
        $column = ($text | ConvertFrom-Json).Objects | Where-Object Name -eq 'customers.name'
        $column.Properties | Should -Match '(^|; )NotNull=' -Because 'a schema object''s properties come as name=value pairs'
    }

    It 'sorts versions read back from JSON the same way once they are typed again' {
        $rows = @(Get-Migration -Path $Folder -Database $Target) | ConvertTo-Json | ConvertFrom-Json
        $rows.Version | Should -Be @('1', '1.2.10')
        @(Get-Migration -Path $Folder -Database $Target | Sort-Object Version -Descending | ForEach-Object { "$($_.Version)" }) | Should -Be @('1.2.10', '1')
    }

    It 'binds -Database from a piped object to the target it was connected with, not to its text' {
        $info = Get-Migration -Path $Folder -Database $Target | Select-Object -First 1
        [object]::ReferenceEquals($info.Database, $Target) | Should -BeTrue
        ($info | Get-MigrationHistory | Select-Object -First 1).Database.Url | Should -Be $Target.Url
    }
}

Describe 'Output objects of a server in JSON and CSV' -Tag Integration {
    BeforeAll {
        $script:ServerDb = New-TestDatabase PostgreSql
        $script:Password = ([Uri] $ServerDb).UserInfo.Split(':', 2)[1]
        $script:Sleeper = Start-TestSqlProcess -Url $ServerDb -Sql 'SELECT pg_sleep(60);'
        $script:Query = Wait-TestCondition { Get-MigrationQuery -Database $ServerDb -Match 'pg_sleep' } 'the sleeping query to run'
    }

    AfterAll {
        if (-not $Sleeper.HasExited) { $Sleeper.Kill() }
        Remove-TestDatabase $ServerDb
    }

    It 'writes an active query and its stop plain, without the password' {
        $written = Assert-PlainExport $Query $Password
        $written.Json.DurationMs | Should -BeGreaterOrEqual 0
        $written.Json.Database | Should -Be $Query.Database.Url
        $written.Json.Database | Should -Not -BeLike "*$Password*"
        $stop = $Query | Stop-MigrationQuery -Confirm:$false
        $stopped = Assert-PlainExport $stop $Password
        $stopped.Json.ElapsedMs | Should -BeOfType [double]
        $stopped.Json.Action | Should -Be 'Cancel'
        Assert-TypedInPowerShell $stop
    }

    It 'writes a connection test with its times in milliseconds' {
        $back = Assert-PlainExport (Test-MigrationConnection -Database $ServerDb) $Password
        $back.Json.LatencyMs | Should -BeGreaterThan 0
        $back.Json.ConnectTimeMs | Should -BeGreaterThan 0
    }
}
