using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Auth;

namespace Registry.Admin.Tests;

/// <summary>The commands through <see cref="AdminCli.RunAsync"/>, on the storage the tool uses.</summary>
public sealed class AdminCliTests(AdminStorageFixture storage) : IClassFixture<AdminStorageFixture>
{
    [Fact]
    public async Task Add_NewName_PrintsTheNameAndASecretThatVerifiesAgainstTheStoredHash()
    {
        var name = AdminStorageFixture.NewName();

        var run = await RunAsync("credentials", "add", "--name", name, "--repos", "team/*,base/alpine", "--actions", "pull,push");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"name:   {name}", run.Output, StringComparison.Ordinal);
        Assert.Contains("cannot be shown again", run.Output, StringComparison.Ordinal);
        var stored = await storage.GetAsync(name);
        Assert.NotNull(stored);
        Assert.True(SecretHasher.Verify(SecretOf(run), stored.SecretHash));
        Assert.DoesNotContain(SecretOf(run), stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal(["team/*", "base/alpine"], stored.Rules.Select(r => r.RepositoryPattern));
        Assert.All(stored.Rules, rule => Assert.Equal(["pull", "push"], rule.Actions));
        Assert.Null(stored.ExpiresAt);
        Assert.True(stored.IsActive(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Add_TwoCredentials_GetDifferentSecrets()
    {
        var first = await RunAsync("credentials", "add", "--name", AdminStorageFixture.NewName(), "--repos", "*", "--read-only");
        var second = await RunAsync("credentials", "add", "--name", AdminStorageFixture.NewName(), "--repos", "*", "--read-only");

        Assert.NotEqual(SecretOf(first), SecretOf(second));
    }

    [Fact]
    public async Task Add_ReadOnly_StoresPullOnly()
    {
        var name = AdminStorageFixture.NewName();

        var run = await RunAsync("credentials", "add", "--name", name, "--repos", "team/*", "--read-only");

        Assert.Equal(0, run.ExitCode);
        var rule = Assert.Single((await storage.GetAsync(name))!.Rules);
        Assert.Equal(["pull"], rule.Actions);
    }

    [Fact]
    public async Task Add_ReadOnlyWithActionsPull_IsAccepted()
    {
        var run = await RunAsync("credentials", "add", "--name", AdminStorageFixture.NewName(), "--repos", "*", "--read-only", "--actions", "pull");

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Add_Expires_StoresAndListsTheTime()
    {
        var name = AdminStorageFixture.NewName();

        var run = await RunAsync("credentials", "add", "--name", name, "--repos", "*", "--actions=pull,delete", "--expires=2099-01-31T00:00:00+02:00");
        var list = await RunAsync("credentials", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new DateTimeOffset(2099, 1, 30, 22, 0, 0, TimeSpan.Zero), (await storage.GetAsync(name))!.ExpiresAt);
        Assert.Matches($"{name} +\\*=pull,delete +\\S+ +2099-01-30T22:00:00Z +active", LineOf(list, name));
    }

    [Fact]
    public async Task Add_TakenName_Exits1AndKeepsTheFirst()
    {
        var name = AdminStorageFixture.NewName();
        var first = await RunAsync("credentials", "add", "--name", name, "--repos", "*", "--read-only");

        var second = await RunAsync("credentials", "add", "--name", name, "--repos", "*", "--actions", "pull,push,delete");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("exists already", second.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", second.Output, StringComparison.Ordinal);
        Assert.True(SecretHasher.Verify(SecretOf(first), (await storage.GetAsync(name))!.SecretHash));
    }

    [Fact]
    public async Task List_AfterAdd_ShowsRulesCreatedAndActive()
    {
        var name = AdminStorageFixture.NewName();
        await RunAsync("credentials", "add", "--name", name, "--repos", "team/*,base/*", "--actions", "pull,push");

        var list = await RunAsync("credentials", "list");

        Assert.Equal(0, list.ExitCode);
        Assert.StartsWith("NAME ", list.Output, StringComparison.Ordinal);
        Assert.Matches($"^{name} +team/\\*=pull,push;base/\\*=pull,push +\\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ +never +active$", LineOf(list, name));
    }

    [Fact]
    public async Task List_ExpiredCredential_ShowsExpired()
    {
        var name = AdminStorageFixture.NewName();
        var created = DateTimeOffset.UtcNow.AddDays(-2);
        await storage.Credentials.AddAsync(new Credential(name, "hash", [new AccessRule("*", ["pull"])], created, created.AddDays(1), null), CancellationToken.None);

        var list = await RunAsync("credentials", "list");

        Assert.EndsWith(" expired", LineOf(list, name), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NeverShowsSecretsOrHashes()
    {
        var name = AdminStorageFixture.NewName();
        var add = await RunAsync("credentials", "add", "--name", name, "--repos", "*", "--read-only");

        var list = await RunAsync("credentials", "list");

        Assert.DoesNotContain(SecretOf(add), list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain((await storage.GetAsync(name))!.SecretHash, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_ThenList_ShowsRevoked()
    {
        var name = AdminStorageFixture.NewName();
        await RunAsync("credentials", "add", "--name", name, "--repos", "*", "--read-only");

        var revoke = await RunAsync("credentials", "revoke", "--name", name);
        var list = await RunAsync("credentials", "list");

        Assert.Equal(0, revoke.ExitCode);
        Assert.NotNull((await storage.GetAsync(name))!.RevokedAt);
        Assert.EndsWith(" revoked", LineOf(list, name), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_UnknownName_Exits1()
    {
        var run = await RunAsync("credentials", "revoke", "--name", AdminStorageFixture.NewName());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no credential named", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("actions are a comma-separated list of pull, push, delete", "credentials", "add", "--name", "ci", "--repos", "*", "--actions", "pull,write")]
    [InlineData("invalid --name", "credentials", "add", "--name", "team/ci", "--repos", "*", "--actions", "pull")]
    [InlineData("invalid --name", "credentials", "add", "--name", "", "--repos", "*", "--actions", "pull")]
    [InlineData("--name is required", "credentials", "add", "--repos", "*", "--actions", "pull")]
    [InlineData("--repos is required", "credentials", "add", "--name", "ci", "--actions", "pull")]
    [InlineData("--actions is required", "credentials", "add", "--name", "ci", "--repos", "*")]
    [InlineData("lower-case", "credentials", "add", "--name", "ci", "--repos", "Team/*", "--actions", "pull")]
    [InlineData("allows only pull", "credentials", "add", "--name", "ci", "--repos", "*", "--read-only", "--actions", "pull,push")]
    [InlineData("invalid --expires", "credentials", "add", "--name", "ci", "--repos", "*", "--read-only", "--expires", "tomorrow")]
    [InlineData("not in the future", "credentials", "add", "--name", "ci", "--repos", "*", "--read-only", "--expires", "2001-01-01T00:00:00Z")]
    [InlineData("--name needs a value", "credentials", "add", "--repos", "*", "--read-only", "--name")]
    [InlineData("--name needs a value", "credentials", "add", "--name", "--repos", "*", "--read-only")]
    [InlineData("--read-only takes no value", "credentials", "add", "--name", "ci", "--repos", "*", "--read-only=yes")]
    [InlineData("--name is given twice", "credentials", "revoke", "--name", "a", "--name", "b")]
    [InlineData("unknown argument '--force'", "credentials", "revoke", "--name", "ci", "--force")]
    [InlineData("--name is required", "credentials", "revoke")]
    [InlineData("invalid --name", "credentials", "revoke", "--name", "ci#1")]
    [InlineData("unknown argument 'all'", "credentials", "list", "all")]
    [InlineData("unknown command 'credentials delete'", "credentials", "delete", "--name", "ci")]
    [InlineData("credentials needs a command", "credentials")]
    [InlineData("unknown command 'tokens list'", "tokens", "list")]
    [InlineData("no command given")]
    public async Task BadArguments_Exit2WithAMessageBeforeTouchingStorage(string message, params string[] args)
    {
        // No storage at all: a usage error must be found without it.
        using var nothing = new ServiceCollection().BuildServiceProvider();

        var run = await RunAsync(nothing, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Contains("Usage:", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Help_PrintsUsageAndExits0()
    {
        var run = await RunAsync("help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("credentials add --name NAME", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--AzureWebJobsStorage=x", "credentials", "list" }, new[] { "--AzureWebJobsStorage=x" }, new[] { "credentials", "list" })]
    [InlineData(new[] { "credentials", "list", "--AzureWebJobsStorage", "x" }, new[] { "--AzureWebJobsStorage", "x" }, new[] { "credentials", "list" })]
    [InlineData(new[] { "--AzureWebJobsStorage:blobServiceUri=u", "credentials", "revoke", "--name", "n" }, new[] { "--AzureWebJobsStorage:blobServiceUri=u" }, new[] { "credentials", "revoke", "--name", "n" })]
    [InlineData(new[] { "credentials", "--AzureWebJobsStorageX=1" }, new string[0], new[] { "credentials", "--AzureWebJobsStorageX=1" })]
    public void SplitSettings_StorageSettingsAnywhere_AreSeparatedFromTheCommand(string[] args, string[] settings, string[] command)
    {
        var split = AdminCli.SplitSettings(args);

        Assert.Equal(settings, split.Settings);
        Assert.Equal(command, split.Command);
    }

    private Task<CliRun> RunAsync(params string[] args) => RunAsync(storage.Services, args);

    private static async Task<CliRun> RunAsync(IServiceProvider services, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await AdminCli.RunAsync(args, services, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    private static string SecretOf(CliRun run)
    {
        var line = Assert.Single(run.Output.Split(Environment.NewLine), l => l.StartsWith("secret: ", StringComparison.Ordinal));
        return line["secret: ".Length..];
    }

    private static string LineOf(CliRun run, string name) =>
        Assert.Single(run.Output.Split(Environment.NewLine), l => l.StartsWith(name + " ", StringComparison.Ordinal));

    private sealed record CliRun(int ExitCode, string Output, string Error);
}
