using Azure.Data.Tables;

namespace Registry.Storage.Azure;

/// <summary>Reads one page of a listing: the first <c>limit</c> rows after a key, fetching one more to tell whether a next page exists.</summary>
internal static class TablePaging
{
    /// <summary>The service returns at most this many rows per request.</summary>
    private const int MaxPerRequest = 1000;

    /// <summary>Rows of <paramref name="partition"/> with a RowKey greater than <paramref name="afterRowKey"/>, in key order.</summary>
    public static async Task<(List<T> Items, bool HasMore)> ListAsync<T>(
        TableClient table, string partition, string? afterRowKey, int limit, Func<string, T> fromRowKey, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var filter = afterRowKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {afterRowKey}");
        var wanted = (long)limit + 1;
        var perRequest = (int)Math.Min(wanted, MaxPerRequest);
        var items = new List<T>(perRequest);
        var query = table.QueryAsync<TableEntity>(filter, perRequest, ["RowKey"], cancellationToken);
        await foreach (var entity in query)
        {
            items.Add(fromRowKey(entity.RowKey));
            if (items.Count == wanted)
            {
                break;
            }
        }

        var hasMore = items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return (items, hasMore);
    }
}
