// Key Vault for the registry's secrets, authorized by Azure RBAC only (no access policies): the app's
// identity reads them through Key Vault references (Key Vault Secrets User, roles.bicep); the deploying
// user may read and set them (Key Vault Secrets Officer). The administrator password always lives
// here; the token signing keys only when given (otherwise the app generates its key once and keeps it
// in its keyless storage account, see infra/README.md).

param name string

param location string

param tags object

@description('Secret names: { adminPassword, signingKey, previousSigningKey }.')
param secretNames object

@secure()
@description('Password of the bootstrap administrator (Registry:Auth:AdminPassword).')
param adminPassword string

@secure()
@description('Base64 HMAC key (32+ bytes) that signs tokens; empty: not stored.')
param signingKey string

@secure()
@description('Base64 key still accepted while tokens signed with it live (rotation); empty: not stored.')
param previousSigningKey string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // The shortest retention; infra/destroy.sh and `azd down --purge` purge the vault so that a
    // redeploy can take the same name at once.
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

var secrets = [
  { name: secretNames.adminPassword, value: adminPassword }
  { name: secretNames.signingKey, value: signingKey }
  { name: secretNames.previousSigningKey, value: previousSigningKey }
]

// A secret not given is not written; the app setting that would reference it is left empty.
resource secret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [
  for item in secrets: if (!empty(item.value)) {
    parent: vault
    name: item.name
    properties: {
      value: item.value
    }
  }
]

output name string = vault.name
