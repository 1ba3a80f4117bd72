// Optional: Reader for the watcher on a whole management group, and (unless readAdminRules=false, to
// match READ_ADMIN_RULES) a custom role holding only the action Reader lacks to list Virtual Network
// Manager admin rules. Deploy separately, at that scope:
// az deployment mg create --management-group-id <mg> --location <region> --template-file infra/management-group.bicep --parameters watcherPrincipalId=<id>
targetScope = 'managementGroup'

@description('Principal id of the watcher identity (output WATCHER_PRINCIPAL_ID of main.bicep).')
param watcherPrincipalId string

@description('Whether the watcher reads admin rules (its READ_ADMIN_RULES setting): only then is the admin-rules role created and assigned.')
param readAdminRules bool = true

var readerRoleId = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, watcherPrincipalId, readerRoleId)
  properties: {
    principalId: watcherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', readerRoleId)
  }
}

// As in modules/watched-subscription.bicep: the one POST action Reader does not cover, nothing else.
var adminRulesActions = [
  'Microsoft.Network/virtualNetworks/listNetworkManagerEffectiveSecurityAdminRules/action'
]

resource adminRulesRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (readAdminRules) {
  name: guid(managementGroup().id, 'apim-vnet-guard-admin-rules')
  properties: {
    roleName: 'apim-vnet-guard admin rules reader (${managementGroup().name})'
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
      managementGroup().id
    ]
  }
}

resource adminRulesReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (readAdminRules) {
  name: guid(managementGroup().id, watcherPrincipalId, 'apim-vnet-guard-admin-rules')
  properties: {
    principalId: watcherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: adminRulesRole.id
  }
}
