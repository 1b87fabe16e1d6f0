// Every role assignment, in one place. The app's identity gets exactly what it uses:
// - Storage Blob Data Owner on the account: the Functions host's own blobs (the documented minimum
//   for identity-based AzureWebJobsStorage), the deployment container, the registry's blobs, and
//   generateUserDelegationKey, which signs the read-only SAS URLs blob GETs redirect to;
// - Storage Table Data Contributor: the registry's tables (and the host's diagnostic events);
// - no queue role: the app has HTTP triggers only, nothing uses queues;
// - Monitoring Metrics Publisher on Application Insights: telemetry with Entra ID (local auth is off);
// - Key Vault Secrets User on the vault: resolving the Key Vault references of its settings.
// The deploying user (optional) gets Key Vault Secrets Officer, to read the administrator password
// (and so that `azd` can reuse it), and Storage Table Data Contributor, to manage credentials with
// functions/Registry.Admin; no blob role, so it cannot read the generated token signing key.

param storageAccountName string

param insightsName string

param keyVaultName string

@description('Principal (object) id of the app\'s managed identity.')
param appPrincipalId string

@description('Principal id of the deploying user or service principal; empty: no roles for it.')
param deployerPrincipalId string

@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string

// Built-in role definition ids: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roleIds.storageBlobDataOwner, roleIds.storageTableDataContributor]: {
    scope: storage
    name: guid(storage.id, appPrincipalId, role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, appPrincipalId, roleIds.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, roleIds.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: vault
  name: guid(vault.id, deployerPrincipalId, roleIds.keyVaultSecretsOfficer)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}

resource deployerTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: storage
  name: guid(storage.id, deployerPrincipalId, roleIds.storageTableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
  }
}
