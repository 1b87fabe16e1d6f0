// Application Insights on a Log Analytics workspace, both with local (key) authentication off: the
// app sends telemetry with its managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING and the
// Monitoring Metrics Publisher role in roles.bicep), so the connection string is not a credential.

param workspaceName string

param insightsName string

param location string

param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
    features: {
      disableLocalAuth: true
    }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

output insightsName string = insights.name
output connectionString string = insights.properties.ConnectionString
