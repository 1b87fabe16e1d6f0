// The registry on Azure, keyless: a Flex Consumption function app (dotnet-isolated 10.0) with a
// user-assigned managed identity, its storage account (shared keys off), Key Vault (RBAC) for the
// administrator password, Application Insights on Log Analytics (local auth off), and the roles that
// tie them together. Deployed into a resource group by `azd up` (azure.yaml) or infra/deploy.sh.
// Outputs in UPPER_CASE become azd environment values (`azd env get-value REGISTRY_LOGIN_SERVER`).
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd: AZURE_ENV_NAME); seeds the unique resource names.')
param environmentName string

@description('Region of every resource; it must offer Flex Consumption (`az functionapp list-flexconsumption-locations`).')
param location string = resourceGroup().location

@description('Function app name, the first label of the login server <name>.azurewebsites.net; default: registry-<unique>.')
@maxLength(60)
param appName string = ''

@description('Object id of the deploying user or service principal: may read the admin password and manage credentials. Empty: none.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('User name of the bootstrap administrator (docker login -u).')
param adminUser string = 'admin'

@secure()
@description('Password of the bootstrap administrator, stored in Key Vault. azd and infra/deploy.sh generate one and reuse it on later deployments.')
param adminPassword string

@secure()
@description('Optional base64 HMAC key (32+ bytes) that signs tokens, stored in Key Vault. Empty: the app generates one and keeps it in its storage account.')
param signingKey string = ''

@secure()
@description('Optional previous signing key, still accepted while its tokens live (rotation).')
param previousSigningKey string = ''

@description('Comma-separated repository patterns anyone may pull without credentials (e.g. "public/*"). Empty: none.')
param anonymousPull string = ''

@minValue(40)
@maxValue(1000)
@description('Most instances the app scales out to.')
param maximumInstanceCount int = 40

@allowed([512, 2048, 4096])
@description('Memory of each instance in MB.')
param instanceMemoryMB int = 2048

@description('Largest request body (layer pushed in one request) in bytes; the host\'s default is 100 MiB. Default 10 GiB.')
param requestBodySizeLimit int = 10737418240

var resourceToken = toLower(uniqueString(resourceGroup().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var serviceName = 'registry' // the service in azure.yaml
var functionAppName = empty(appName) ? '${serviceName}-${resourceToken}' : appName

// Fixed by the code: functions/Registry.Storage.Azure/StorageLayout.cs (tests/Registry.Infra.Tests
// fails when they drift apart).
var registryContainerName = 'registry'
var registryTables = [
  'blobs'
  'repositoryblobs'
  'uploads'
  'manifests'
  'referrers'
  'tags'
  'repositories'
  'credentials'
]
var deploymentContainerName = 'app-package'
var secretNames = {
  adminPassword: 'registry-admin-password'
  signingKey: 'registry-signing-key'
  previousSigningKey: 'registry-previous-signing-key'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${serviceName}-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    registryContainerName: registryContainerName
    deploymentContainerName: deploymentContainerName
    tableNames: registryTables
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${resourceToken}'
    insightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    secretNames: secretNames
    adminPassword: adminPassword
    signingKey: signingKey
    previousSigningKey: previousSigningKey
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    storageAccountName: storage.outputs.name
    insightsName: monitoring.outputs.insightsName
    keyVaultName: keyVault.outputs.name
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  // The app's first start needs its roles (storage, vault, telemetry) already granted.
  dependsOn: [roles]
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    insightsConnectionString: monitoring.outputs.connectionString
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    requestBodySizeLimit: requestBodySizeLimit
    keyVaultName: keyVault.outputs.name
    secretNames: secretNames
    signingKeyStored: !empty(signingKey)
    previousSigningKeyStored: !empty(previousSigningKey)
    adminUser: adminUser
    anonymousPull: anonymousPull
  }
}

@description('The registry\'s login server: docker login / push / pull <this>.')
output REGISTRY_LOGIN_SERVER string = functionApp.outputs.defaultHostName

@description('Docker\'s token realm, as the registry\'s 401 challenges name it.')
output REGISTRY_TOKEN_REALM string = 'https://${functionApp.outputs.defaultHostName}/token'

output REGISTRY_ADMIN_USER string = adminUser
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
@description('Read by azd\'s secretOrRandomPassword (infra/main.parameters.json) to reuse the admin password.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
