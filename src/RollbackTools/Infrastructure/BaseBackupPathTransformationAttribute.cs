using System.Management.Automation;

namespace RollbackTools.Infrastructure
{
    /// <summary>-BaseBackup takes the folder, or the object New-MigrationBackup -BaseBackup returned (its Path).</summary>
    public sealed class BaseBackupPathTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is BaseBackup backup ? backup.Path : inputData;
    }
}
