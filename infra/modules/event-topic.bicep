// The Event Grid system topic of one subscription and its event subscription to the events queue,
// filtered to exactly the operations the watcher understands (src/events/operations.ts; the tests
// compare the two lists), delivered and dead-lettered with a user-assigned identity.
param tags object
@allowed(['resources-topic', 'resource-notifications'])
param eventSource string
param deliveryIdentityId string
param storageAccountId string
param eventsQueueName string
param deadLetterContainerName string

// Keep in step with WATCHED_OPERATIONS in src/events/operations.ts (checked by test/infra).
var watchedOperations = [
  'Microsoft.ApiManagement/service/write'
  'Microsoft.ApiManagement/service/delete'
  'Microsoft.Network/virtualNetworks/write'
  'Microsoft.Network/virtualNetworks/delete'
  'Microsoft.Network/virtualNetworks/subnets/write'
  'Microsoft.Network/virtualNetworks/subnets/delete'
  'Microsoft.Network/networkSecurityGroups/write'
  'Microsoft.Network/networkSecurityGroups/delete'
  'Microsoft.Network/networkSecurityGroups/securityRules/write'
  'Microsoft.Network/networkSecurityGroups/securityRules/delete'
  'Microsoft.Network/routeTables/write'
  'Microsoft.Network/routeTables/delete'
  'Microsoft.Network/routeTables/routes/write'
  'Microsoft.Network/routeTables/routes/delete'
  'Microsoft.Network/publicIPAddresses/write'
  'Microsoft.Network/publicIPAddresses/delete'
  'Microsoft.Network/networkManagers/commit/action'
]

// Azure Resource Notifications filter on the resource type instead of the operation (and carry no
// actions, so a Virtual Network Manager commit reaches the watcher only through the resources topic).
var watchedResourceTypes = [
  'Microsoft.ApiManagement/service'
  'Microsoft.Network/virtualNetworks'
  'Microsoft.Network/virtualNetworks/subnets'
  'Microsoft.Network/networkSecurityGroups'
  'Microsoft.Network/networkSecurityGroups/securityRules'
  'Microsoft.Network/routeTables'
  'Microsoft.Network/routeTables/routes'
  'Microsoft.Network/publicIPAddresses'
]

var useResourcesTopic = eventSource == 'resources-topic'

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgt-apimvg-${uniqueString(subscription().id)}'
  location: 'global'
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${deliveryIdentityId}': {} }
  }
  properties: {
    source: subscription().id
    topicType: useResourcesTopic ? 'Microsoft.Resources.Subscriptions' : 'Microsoft.ResourceNotifications.Resources'
  }
}

resource toQueue 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: 'apim-vnet-guard'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    deliveryWithResourceIdentity: {
      identity: { type: 'UserAssigned', userAssignedIdentity: deliveryIdentityId }
      destination: {
        endpointType: 'StorageQueue'
        properties: {
          resourceId: storageAccountId
          queueName: eventsQueueName
          queueMessageTimeToLiveInSeconds: 604800
        }
      }
    }
    filter: useResourcesTopic
      ? {
          includedEventTypes: [
            'Microsoft.Resources.ResourceWriteSuccess'
            'Microsoft.Resources.ResourceDeleteSuccess'
            'Microsoft.Resources.ResourceActionSuccess'
          ]
          advancedFilters: [
            { operatorType: 'StringIn', key: 'data.operationName', values: watchedOperations }
          ]
        }
      : {
          includedEventTypes: [
            'Microsoft.ResourceNotifications.Resources.CreatedOrUpdated'
            'Microsoft.ResourceNotifications.Resources.Deleted'
          ]
          advancedFilters: [
            { operatorType: 'StringIn', key: 'data.resourceInfo.type', values: watchedResourceTypes }
          ]
        }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: { type: 'UserAssigned', userAssignedIdentity: deliveryIdentityId }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}
