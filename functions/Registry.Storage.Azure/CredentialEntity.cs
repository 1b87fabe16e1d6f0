using System.Text.Json;
using Azure.Data.Tables;
using Registry.Core.Auth;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>A <see cref="Credential"/> as a row of the <c>credentials</c> table (see <see cref="StorageLayout"/>).</summary>
internal static class CredentialEntity
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TableEntity From(Credential credential)
    {
        var entity = new TableEntity(CredentialsPartition, credential.Name)
        {
            [Properties.SecretHash] = credential.SecretHash,
            [Properties.Rules] = RulesJson(credential.Rules),
            [Properties.CreatedAt] = credential.CreatedAt,
        };
        if (credential.ExpiresAt is { } expiresAt)
        {
            entity[Properties.ExpiresAt] = expiresAt;
        }

        if (credential.RevokedAt is { } revokedAt)
        {
            entity[Properties.RevokedAt] = revokedAt;
        }

        return entity;
    }

    public static Credential ToCredential(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString(Properties.SecretHash) ?? throw Missing(entity, Properties.SecretHash),
        ParseRules(entity),
        entity.GetDateTimeOffset(Properties.CreatedAt) ?? throw Missing(entity, Properties.CreatedAt),
        entity.GetDateTimeOffset(Properties.ExpiresAt),
        entity.GetDateTimeOffset(Properties.RevokedAt));

    /// <summary><c>[{"repositories":"team/*","actions":["pull","push"]},..]</c>.</summary>
    public static string RulesJson(IEnumerable<AccessRule> rules) =>
        JsonSerializer.Serialize(rules.Select(rule => new StoredRule(rule.RepositoryPattern, rule.Actions)), Json);

    private static List<AccessRule> ParseRules(TableEntity entity)
    {
        var json = entity.GetString(Properties.Rules) ?? throw Missing(entity, Properties.Rules);
        var rules = JsonSerializer.Deserialize<List<StoredRule>>(json, Json) ?? [];
        return rules.Select(rule => rule is { Repositories: not null, Actions: not null }
            ? new AccessRule(rule.Repositories, rule.Actions)
            : throw new InvalidDataException($"credential {entity.RowKey} has a rule without repositories or actions")).ToList();
    }

    private static InvalidDataException Missing(TableEntity entity, string property) =>
        new($"credential {entity.RowKey} has no {property}");

    private sealed record StoredRule(string? Repositories, IReadOnlyList<string>? Actions);
}
