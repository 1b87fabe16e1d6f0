# Reads a slice of an Azurite 3.37 debug log (`azurite --debug FILE`) and prints one line per
# storage request it received, in order:
#   CATEGORY <TAB> SERVICE <TAB> OPERATION <TAB> STATUS <TAB> VIA
# Every log line of a request carries the request's id (field 2). One incoming request is exactly
# one `<Blob|Table|Queue>StorageContextMiddleware: RequestMethod=...` line; its operation comes from
# `DispatchMiddleware: Operation=<Name>` (absent when the request failed before dispatch, e.g.
# authentication: OPERATION "-") and its status from `EndMiddleware: End response. ... StatusCode=N`.
# VIA is "sas" for a request signed by a SAS in its URL (a client following the registry's redirect),
# else "key" (the registry's own requests, shared-key signed).
# CATEGORY is the billing class of Azure's "Map each REST operation to a price" (Standard general
# purpose v2; https://learn.microsoft.com/azure/storage/blobs/map-rest-apis-transaction-categories):
#   blob-write     Put Block, Put Block List, Put Blob, Copy Blob, Put Block/Blob from URL, Append Block, ...
#   blob-list      Create Container, List Blobs, List Containers ("List and create container", priced as writes)
#   blob-read      Get Blob (a download, ranged or not)
#   blob-free      Delete Blob, Delete Container
#   blob-other     everything else: Get Blob Properties, Get Block List, Get/Set metadata, ...
#   table          every Table request is one transaction
#   unbilled       failed before dispatch (no operation): Azure does not bill failed authentication
# POSIX awk (Debian's mawk): no gawk extensions.
function after(text, key,    i, rest) {
  i = index(text, key)
  if (i == 0) return ""
  rest = substr(text, i + length(key))
  i = index(rest, " ")
  return i ? substr(rest, 1, i - 1) : rest
}
function category(service, op) {
  if (op == "-") return "unbilled"
  if (service == "Table") return "table"
  if (service != "Blob") return tolower(service)
  if (op ~ /^(BlockBlob_(StageBlock|StageBlockFromURL|CommitBlockList|Upload|PutBlobFromUrl)|Blob_(StartCopyFromURL|CopyFromURL|Undelete|SetTier)|AppendBlob_|PageBlob_(Create|UploadPages|UploadPagesFromURL|ClearPages|Resize))/) return "blob-write"
  if (op ~ /^(Container_Create|Container_ListBlob|Service_ListContainers)/) return "blob-list"
  if (op == "Blob_Download") return "blob-read"
  if (op == "Blob_Delete" || op == "Container_Delete") return "blob-free"
  return "blob-other"
}
/StorageContextMiddleware: RequestMethod=/ {
  id = $2
  if (!(id in service)) order[++n] = id
  service[id] = $4
  sub(/StorageContextMiddleware:$/, "", service[id])
  via[id] = index(after($0, "RequestURL="), "sig=") ? "sas" : "key"
  next
}
/DispatchMiddleware: Operation=/ { op[$2] = after($0, "Operation="); next }
/EndMiddleware: End response\./ { status[$2] = after($0, "StatusCode="); next }
END {
  for (i = 1; i <= n; i++) {
    id = order[i]
    o = (id in op) ? op[id] : "-"
    s = (id in status) ? status[id] : "-"
    printf "%s\t%s\t%s\t%s\t%s\n", category(service[id], o), service[id], o, s, via[id]
  }
}
