// The watcher's own resources: identities, storage (queues, tables, containers), telemetry,
// Key Vault and the Function App on the Flex Consumption plan. No keys or secrets in app settings:
// storage is reached with the managed identity, secrets through Key Vault references.
param location string
param tags object
param token string
param operatorPrincipalId string

@description('Client id of the Entra ID app registration people sign in with to open the status page; empty: no App Service Authentication.')
param signInClientId string

@description('App settings from main.bicep, keyed by the setting name the code reads.')
param appSettings object

@secure()
@description('Secret app settings, keyed by setting name: each non-empty value is stored in the Key Vault and the app setting becomes a Key Vault reference.')
param secretSettings object

var eventsQueueName = 'resource-events'
var evaluationsQueueName = 'instance-evaluations'
var deadLetterContainerName = 'event-deadletter'
var deploymentContainerName = 'app-package'

// Role definition ids (built-in roles).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// The watcher's identity: reads ARM (Reader, granted per watched scope), its storage, its secrets.
resource watcherIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-apimvg-${token}'
  location: location
  tags: tags
}

// Event Grid's delivery identity: may only send to the events queue and write dead letters.
resource deliveryIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-apimvg-events-${token}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stapimvg${take(token, 14)}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deadLetterContainerName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource eventsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: eventsQueueName
}

resource evaluationsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: evaluationsQueueName
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-apimvg-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-apimvg-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-apimvg-${take(token, 12)}'
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-apimvg-${token}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

// Key Vault secret names allow letters, digits and dashes: ALERT_TEAMS_WEBHOOK_URL → alert-teams-webhook-url.
var presentSecrets = filter(items(secretSettings), s => !empty(s.value))

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for s in presentSecrets: {
  parent: vault
  name: toLower(replace(s.key, '_', '-'))
  properties: { value: s.value }
}]

// The Application Insights connection string is a secret in the settings table; it goes the same way.
resource appInsightsSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'applicationinsights-connection-string'
  properties: { value: appInsights.properties.ConnectionString }
}

// Built from the vault's name, known when the deployment starts: lambdas take no runtime values.
var secretsUri = 'https://${vault.name}${environment().suffixes.keyvaultDns}/secrets'

var keyVaultSettings = map(presentSecrets, s => {
  name: s.key
  value: '@Microsoft.KeyVault(SecretUri=${secretsUri}/${toLower(replace(s.key, '_', '-'))})'
})

// Settings derived from the resources of this module.
var resourceSettings = [
  // Identity-based storage connection: no account key anywhere.
  { name: 'AzureWebJobsStorage__accountName', value: storage.name }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: watcherIdentity.properties.clientId }
  { name: 'AZURE_CLIENT_ID', value: watcherIdentity.properties.clientId }
  { name: 'EVENTS_QUEUE_NAME', value: eventsQueueName }
  { name: 'EVALUATIONS_QUEUE_NAME', value: evaluationsQueueName }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: '@Microsoft.KeyVault(SecretUri=${secretsUri}/${appInsightsSecret.name})' }
  // Platform setting (the Functions host): send its telemetry with Entra ID, as local auth is off.
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${watcherIdentity.properties.clientId};Authorization=AAD' }
]

var parameterSettings = map(items(appSettings), s => { name: s.key, value: s.value })

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-apimvg-${token}'
  location: location
  tags: union(tags, { 'azd-service-name': 'watcher' })
  kind: 'functionapp,linux'
  // Key Vault references and the storage connection resolve on first start only once the roles exist.
  dependsOn: [watcherBlob, watcherQueue, watcherTable, watcherSecrets, secrets, appInsightsSecret]
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${watcherIdentity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: watcherIdentity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: watcherIdentity.id }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 }
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat(resourceSettings, parameterSettings, keyVaultSettings)
    }
  }
}

// Optional sign-in for the status page (App Service Authentication with Entra ID). The platform
// authenticates whoever has a session but lets anonymous requests through, so that the other routes
// keep their function keys and Event Grid its webhook; the status routes themselves send anonymous
// visitors to /.auth/login/aad (functions/status.ts). The platform strips sign-in headers a caller sends.
resource signIn 'Microsoft.Web/sites/config@2024-04-01' = if (!empty(signInClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: { requireHttps: true }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: signInClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: ['api://${signInClientId}', signInClientId]
        }
      }
    }
    login: {
      tokenStore: { enabled: false }
    }
  }
}

// Role assignments on the watcher's own account: exactly what the Functions host and the state need.
resource watcherBlob 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, watcherIdentity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: { principalId: watcherIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner) }
}

resource watcherQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, watcherIdentity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: { principalId: watcherIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor) }
}

resource watcherTable 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, watcherIdentity.id, roles.storageTableDataContributor)
  scope: storage
  properties: { principalId: watcherIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor) }
}

resource watcherSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, watcherIdentity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: { principalId: watcherIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser) }
}

resource watcherTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, watcherIdentity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: { principalId: watcherIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher) }
}

// Event Grid delivers with its own identity: send to the events queue, write dead letters, nothing else.
resource deliverySend 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(eventsQueue.id, deliveryIdentity.id, roles.storageQueueDataMessageSender)
  scope: eventsQueue
  properties: { principalId: deliveryIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataMessageSender) }
}

resource deliveryDeadLetter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, deliveryIdentity.id, roles.storageBlobDataContributor)
  scope: deadLetterContainer
  properties: { principalId: deliveryIdentity.properties.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor) }
}

resource operatorSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: { principalId: operatorPrincipalId, roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer) }
}

output functionAppName string = app.name
output functionAppHostName string = app.properties.defaultHostName
output keyVaultName string = vault.name
output watcherPrincipalId string = watcherIdentity.properties.principalId
output deliveryIdentityId string = deliveryIdentity.id
output storageAccountId string = storage.id
output eventsQueueName string = eventsQueueName
output deadLetterContainerName string = deadLetterContainerName
output signInRedirectUri string = empty(signInClientId) ? '' : 'https://${app.properties.defaultHostName}/.auth/login/aad/callback'
