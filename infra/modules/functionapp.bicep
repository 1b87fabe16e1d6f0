// The Flex Consumption plan and the function app: Linux, dotnet-isolated 10.0, the package deployed
// to a blob container read with the app's user-assigned identity, and every setting the registry
// reads (the settings cross-check in tests/Registry.Infra.Tests holds the code to this list).

param name string

param planName string

param location string

@description('Tags of the plan; the app adds azd-service-name.')
param tags object

@description('azd deploys the service of azure.yaml to the resource with this tag value.')
param serviceName string

param identityId string

param identityClientId string

@description('Blob endpoint of the storage account, with the trailing slash.')
param blobEndpoint string

param tableEndpoint string

param deploymentContainerName string

param insightsConnectionString string

@description('Most instances the app scales out to (the bill\'s ceiling under load).')
param maximumInstanceCount int

@description('Memory of each instance; billing is GB-s of it while executing.')
param instanceMemoryMB int

@description('Largest request body in bytes the Functions host accepts (its default is 100 MiB).')
param requestBodySizeLimit int

param keyVaultName string

@description('Secret names in the vault: { adminPassword, signingKey, previousSigningKey }.')
param secretNames object

@description('Whether the vault holds the signing key / previous signing key secrets.')
param signingKeyStored bool

param previousSigningKeyStored bool

param adminUser string

@description('Comma-separated repository patterns anyone may pull (empty: none).')
param anonymousPull string

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the runtime here, not from FUNCTIONS_WORKER_RUNTIME (not allowed as a setting).
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Deployments authenticate with Entra ID (azd, az functionapp deployment source config-zip): no
// publishing passwords.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

// Key Vault references (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references),
// resolved with keyVaultReferenceIdentity. No secret version: a new version is picked up.
var adminPasswordReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretNames.adminPassword})'
var signingKeyReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretNames.signingKey})'
var previousSigningKeyReference = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${secretNames.previousSigningKey})'

// In a child resource rather than siteConfig.appSettings, so Registry__Auth__Service can name the
// app's own host name.
resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Host storage and the registry's storage (AzureStorageSettings), identity-based: no keys.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: blobEndpoint
    AzureWebJobsStorage__tableServiceUri: tableEndpoint

    // Telemetry with Entra ID (the workspace and the component refuse keys).
    APPLICATIONINSIGHTS_CONNECTION_STRING: insightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

    // A layer arrives in ONE request from every client; the host answers 500 above this limit.
    // (The worker's own Kestrel limit is lifted in functions/Registry.Functions/Program.cs.)
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: string(requestBodySizeLimit)

    // Registry:Auth (AuthOptions).
    Registry__Auth__Enabled: 'true'
    Registry__Auth__AdminUser: adminUser
    Registry__Auth__AdminPassword: adminPasswordReference
    Registry__Auth__Issuer: 'registry-token-issuer'
    Registry__Auth__Service: site.properties.defaultHostName
    Registry__Auth__TokenLifetime: '00:05:00'
    Registry__Auth__RefreshTokenLifetime: '7.00:00:00'
    // Empty: the app generates a key once and keeps it in its storage account (blob auth/signing-key).
    Registry__Auth__SigningKey: signingKeyStored ? signingKeyReference : ''
    Registry__Auth__PreviousSigningKey: previousSigningKeyStored ? previousSigningKeyReference : ''
    Registry__Auth__AnonymousPull: anonymousPull
    // The worker sees the Functions host's plain-HTTP hop, not the URL clients use: name the realm
    // outright rather than trust forwarded headers. (With a custom domain, set both to it.)
    Registry__Auth__Realm: 'https://${site.properties.defaultHostName}/token'
    Registry__Auth__TrustForwardedHeaders: 'false'
    Registry__Auth__MaxFailedLogins: '5'
    Registry__Auth__ThrottleWindow: '00:01:00'

    // Registry:Blobs (BlobDownloadOptions): layer downloads go straight to Blob Storage.
    Registry__Blobs__RedirectDownloads: 'true'
    Registry__Blobs__RedirectLifetime: '00:10:00'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
