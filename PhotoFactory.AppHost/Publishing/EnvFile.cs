using System.Text;

namespace PhotoFactory.AppHost.Publishing;

/// <summary>
/// The compose file's <c>.env</c>: every variable the compose file refers to is written through here, which
/// remembers it, so that <c>.env.example</c> lists exactly the variables the compose file uses, in the order met.
/// </summary>
internal sealed class EnvFile(IReadOnlyList<DeploymentFolder> folders)
{
    private readonly Dictionary<string, ParameterResource> _parameters = [];
    private readonly SortedDictionary<string, ParameterResource> _secretFiles = new(StringComparer.Ordinal);
    private readonly HashSet<DeploymentFolder> _usedFolders = [];
    private bool _usesHostUser;
    private bool _usesDockerSocket;
    private bool _usesDockerGroup;

    /// <summary>A host folder's variable, required.</summary>
    public string Folder(DeploymentFolder folder)
    {
        _usedFolders.Add(folder);
        return $"${{{folder.Variable}:?set {folder.Variable} in .env}}";
    }

    /// <summary><c>PUID</c> or <c>PGID</c>, 1000 when not set.</summary>
    public string HostUser(string variable)
    {
        _usesHostUser = true;
        return $"${{{variable}:-1000}}";
    }

    /// <summary>The host's Docker socket (<c>DOCKER_SOCKET</c>, the usual path by default).</summary>
    public string DockerSocket()
    {
        _usesDockerSocket = true;
        return $"${{DOCKER_SOCKET:-{DockerSocketAnnotation.DefaultPath}}}";
    }

    /// <summary>The group of the host's Docker socket (<c>DOCKER_GID</c>), for a service that runs as PUID:PGID and reads it.</summary>
    public string DockerGroup()
    {
        _usesDockerGroup = true;
        return "${DOCKER_GID:?set DOCKER_GID in .env}";
    }

    /// <summary>The folder of the secrets that go as files (<c>SECRETS_PATH</c>).</summary>
    public const string SecretsVariable = "SECRETS_PATH";

    /// <summary>A secret's file in <c>SECRETS_PATH</c>, named as its parameter.</summary>
    public static string SecretFile(string name) => $"${{{SecretsVariable}:?set {SecretsVariable} in .env}}/{name}";

    /// <summary>A secret parameter that goes as a file; listed in <c>.env.example</c> under <c>SECRETS_PATH</c>.</summary>
    public void Secret(ParameterResource parameter) => _secretFiles.TryAdd(parameter.Name, parameter);

    /// <summary>A parameter of the AppHost: required, or empty by default where it is optional in a deployment.</summary>
    public string Parameter(ParameterResource parameter)
    {
        _parameters.TryAdd(parameter.Name, parameter);
        var variable = parameter.VariableName();
        return parameter.Annotations.OfType<OptionalInDeploymentAnnotation>().Any()
            ? $"${{{variable}:-}}"
            : $"${{{variable}:?set {variable} in .env}}";
    }

    /// <summary><c>.env.example</c>: every variable used, each with what it is for, secrets and folders left to fill in.</summary>
    public string Example()
    {
        var env = new StringBuilder();
        env.Append("# Photo Factory's settings for docker-compose.yml: copy to .env beside it and fill in every empty value.\n");
        env.Append($"# Generated from the AppHost's model with: {ComposePublishing.RefreshCommand}\n\n");
        env.Append("# Names the containers, the network and the images alike on every server.\n");
        env.Append($"COMPOSE_PROJECT_NAME={ComposeFileGenerator.ProjectName}\n");

        if (_usedFolders.Count > 0)
        {
            env.Append("\n# Host folders. Create them before the first start, owned by PUID:PGID (docs/deploy.md).\n");
            foreach (var folder in folders.Where(_usedFolders.Contains))
            {
                env.Append($"# {folder.Description}.\n{folder.Variable}={folder.Example}\n");
            }
        }

        if (_usesHostUser)
        {
            env.Append("\n# The user and group that own the host folders; the services and Syncthing run as them.\n");
            env.Append("PUID=1000\nPGID=1000\n");
        }

        if (_usesDockerSocket)
        {
            env.Append("\n# The Docker socket, mounted only into the socket proxy, which the others ask (read-only calls only).\n");
            env.Append($"DOCKER_SOCKET={DockerSocketAnnotation.DefaultPath}\n");
        }

        if (_usesDockerGroup)
        {
            env.Append("# Its group, which the services that read it join: the output of stat -c %g /var/run/docker.sock\n");
            env.Append("DOCKER_GID=\n");
        }

        if (_secretFiles.Count > 0)
        {
            env.Append("\n# Secrets that Compose hands to the containers as files (docker inspect does not show them): one file per\n");
            env.Append("# secret in this folder, named as below, readable by the containers; keep the folder itself private\n");
            env.Append("# (docs/deploy.md, step 2). Unless said otherwise: at least 22 letters and digits, e.g. openssl rand -hex 16.\n");
            foreach (var secret in _secretFiles.Values)
            {
                var rule = secret.Default is GenerateParameterDefault ? "" : " (not generated)";
                env.Append($"#   {secret.Name}{rule}: {secret.Description ?? "a secret"}\n");
            }

            env.Append($"{SecretsVariable}=./secrets\n");
        }

        foreach (var parameter in _parameters.Values)
        {
            env.Append('\n');
            if (parameter.Description is { Length: > 0 } description)
            {
                env.Append($"# {description}\n");
            }

            if (parameter.Default is GenerateParameterDefault generate)
            {
                env.Append($"# Secret: at least {generate.MinLength} characters, letters and digits only, e.g. the output of: openssl rand -hex 16\n");
            }
            else if (parameter.Secret)
            {
                env.Append("# Secret.\n");
            }

            if (parameter.Annotations.OfType<OptionalInDeploymentAnnotation>().Any())
            {
                env.Append("# May stay empty.\n");
            }

            env.Append($"{parameter.VariableName()}=\n");
        }

        return env.ToString();
    }
}
