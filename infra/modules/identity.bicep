// The app's user-assigned managed identity. User-assigned rather than system-assigned so its roles
// (roles.bicep) are granted before the function app exists: the app's first start already reaches
// storage, Key Vault and Application Insights, and the same identity authenticates the deployment
// container (functionAppConfig), host storage, Key Vault references and telemetry.

@description('Name of the identity.')
param name string

param location string

param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
