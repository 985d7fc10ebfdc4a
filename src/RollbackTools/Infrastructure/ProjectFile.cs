using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace RollbackTools.Infrastructure
{
    /// <summary>
    /// rollbacktools.psd1, a PowerShell data file at the project's root: the migrations Path, the JournalTable
    /// and named Environments, each with its Databases (a list of URLs, a DatabasesFile of URLs, or a
    /// DatabasesQuery on a control database), its Waves, ThrottleLimit and MaxFailures. It holds no secret: a
    /// URL with a password is refused; PasswordVariable names the environment variable that holds it.
    /// </summary>
    internal sealed class ProjectFile
    {
        public const string FileName = "rollbacktools.psd1";

        private ProjectFile(string path, Hashtable data)
        {
            FilePath = path;
            Data = data;
        }

        public string FilePath { get; }

        private Hashtable Data { get; }

        public string Folder => System.IO.Path.GetDirectoryName(FilePath)!;

        /// <summary>The project file in the PowerShell location; the error says where it was looked for.</summary>
        public static ProjectFile Find(PSCmdlet cmdlet)
        {
            string path = System.IO.Path.Combine(cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath, FileName);
            if (!File.Exists(path))
            {
                throw new RollbackToolsException(ErrorIds.InvalidProjectFile, FailureCategory.ObjectNotFound, $"-Environment needs {FileName} in the current location ({System.IO.Path.GetDirectoryName(path)}).", path);
            }

            Collection<PSObject> read;
            try
            {
                read = cmdlet.InvokeCommand.InvokeScript("param($p) Import-PowerShellDataFile -LiteralPath $p", true, PipelineResultTypes.None, null, path);
            }
            catch (RuntimeException ex)
            {
                throw new RollbackToolsException(ErrorIds.InvalidProjectFile, FailureCategory.InvalidData, $"{path} cannot be read as a PowerShell data file: {ex.Message}", path, ex);
            }

            return new ProjectFile(path, (Hashtable)read[0].BaseObject);
        }

        public string? Path => Text(Data, "Path") is string p ? System.IO.Path.GetFullPath(p, Folder) : null;

        public string? JournalTable => Text(Data, "JournalTable");

        public ProjectEnvironment Environment(string name)
        {
            if (Data["Environments"] is not Hashtable environments || environments[name] is not Hashtable environment)
            {
                string known = Data["Environments"] is Hashtable all ? string.Join(", ", all.Keys.Cast<object>()) : "none";
                throw new RollbackToolsException(ErrorIds.InvalidProjectFile, FailureCategory.ObjectNotFound, $"{FilePath} has no environment '{name}' (it has: {known}).", name);
            }

            return new ProjectEnvironment(this, name, environment);
        }

        internal static string? Text(Hashtable table, string key) => table[key]?.ToString();
    }

    /// <summary>One named environment of the project file.</summary>
    internal sealed class ProjectEnvironment
    {
        private readonly ProjectFile file;
        private readonly Hashtable data;

        public ProjectEnvironment(ProjectFile file, string name, Hashtable data)
        {
            this.file = file;
            Name = name;
            this.data = data;
        }

        public string Name { get; }

        /// <summary>The project's migrations folder, absolute; null when the file names none.</summary>
        public string? Path => file.Path;

        public string? JournalTable => file.JournalTable;

        public string[]? Waves => data["Waves"] is object waves ? LanguagePrimitives.ConvertTo<object[]>(waves).Select(w => w.ToString()!).ToArray() : null;

        public int? ThrottleLimit => data["ThrottleLimit"] is object t ? LanguagePrimitives.ConvertTo<int>(t) : null;

        public int? MaxFailures => data["MaxFailures"] is object m ? LanguagePrimitives.ConvertTo<int>(m) : null;

        /// <summary>The environment's database URLs, in order: the list, the file's lines, or the query's rows.</summary>
        public IReadOnlyList<string> DatabaseUrls(Func<DatabaseTarget, string, IReadOnlyList<string>> query)
        {
            var urls = new List<string>();
            if (data["Databases"] is object list)
            {
                urls.AddRange(LanguagePrimitives.ConvertTo<object[]>(list).Select(u => u.ToString()!));
            }

            if (ProjectFile.Text(data, "DatabasesFile") is string listFile)
            {
                string path = System.IO.Path.GetFullPath(listFile, file.Folder);
                urls.AddRange(File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            }

            if (data["DatabasesQuery"] is Hashtable q)
            {
                string control = ProjectFile.Text(q, "Database") ?? throw Invalid("DatabasesQuery needs Database, the control database's URL");
                string sql = ProjectFile.Text(q, "Query") ?? throw Invalid("DatabasesQuery needs Query, SQL whose first column is each database's URL");
                urls.AddRange(query(Target(control), sql));
            }

            if (urls.Count == 0)
            {
                throw Invalid("it names no database: give Databases, DatabasesFile or DatabasesQuery");
            }

            return urls;
        }

        /// <summary>A URL of the file, refused when it carries a password; PasswordVariable supplies one from the environment.</summary>
        public DatabaseTarget Target(string url)
        {
            DatabaseTarget target = DatabaseTarget.Parse(url);
            if (target.HasPassword)
            {
                throw Invalid($"{target.Url} holds a password; secrets never live in the project file. Name PasswordVariable, or give -Credential");
            }

            if (ProjectFile.Text(data, "PasswordVariable") is string variable)
            {
                string? password = System.Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrEmpty(password))
                {
                    throw Invalid($"PasswordVariable names ${variable}, which is not set");
                }

                var secure = new System.Security.SecureString();
                foreach (char c in password)
                {
                    secure.AppendChar(c);
                }

                secure.MakeReadOnly();
                target = target.WithCredential(null, secure);
            }

            return target;
        }

        private RollbackToolsException Invalid(string why) =>
            new RollbackToolsException(ErrorIds.InvalidProjectFile, FailureCategory.InvalidData, $"{file.FilePath}, environment '{Name}': {why}.", Name);
    }
}
