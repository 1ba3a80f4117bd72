// One watched subscription: Reader for the watcher (nothing above Reader) and the Event Grid
// system topic whose subscription feeds the watcher's events queue.
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

var readerRoleId = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, watcherPrincipalId, readerRoleId)
  properties: {
    principalId: watcherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', readerRoleId)
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
