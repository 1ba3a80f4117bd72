// One watched subscription: Reader for the watcher, plus (with readAdminRules) a custom role holding the
// one action Reader lacks to list Virtual Network Manager admin rules, and the Event Grid system topic
// whose subscription feeds the watcher's events queue.
targetScope = 'subscription'

param environmentName string
param location string
param tags object
@allowed(['resources-topic', 'resource-notifications'])
param eventSource string
param watcherPrincipalId string
param deliveryIdentityId string
param storageAccountId string
param eventsQueueName string
param deadLetterContainerName string
@description('READ_ADMIN_RULES as a bool: only then is the admin-rules role created and assigned.')
param readAdminRules bool

var readerRoleId = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, watcherPrincipalId, readerRoleId)
  properties: {
    principalId: watcherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', readerRoleId)
  }
}

// listNetworkManagerEffectiveSecurityAdminRules is a POST, which Reader's */read does not cover; this
// role holds that action and nothing else (src/arm/permissions.ts, ACTIONS_BEYOND_READER), assignable
// only here. Role names are unique in a tenant, hence the environment and subscription in the name.
var adminRulesActions = [
  'Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action'
]

resource adminRulesRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (readAdminRules) {
  name: guid(subscription().id, environmentName, 'apim-vnet-guard-admin-rules')
  properties: {
    roleName: 'apim-vnet-guard admin rules reader (${environmentName}, ${subscription().subscriptionId})'
    description: 'Lets the apim-vnet-guard watcher list the effective Virtual Network Manager security admin rules of the VNets its API Management instances use.'
    type: 'CustomRole'
    permissions: [
      {
        actions: adminRulesActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: [
      subscription().id
    ]
  }
}

resource adminRulesReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (readAdminRules) {
  name: guid(subscription().id, watcherPrincipalId, 'apim-vnet-guard-admin-rules')
  properties: {
    principalId: watcherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: adminRulesRole.id
  }
}

// System topics live in a resource group of the subscription they watch.
resource eventsGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}-events'
  location: location
  tags: tags
}

module topic 'event-topic.bicep' = {
  name: 'apimvg-event-topic'
  scope: eventsGroup
  params: {
    tags: tags
    eventSource: eventSource
    deliveryIdentityId: deliveryIdentityId
    storageAccountId: storageAccountId
    eventsQueueName: eventsQueueName
    deadLetterContainerName: deadLetterContainerName
  }
}
