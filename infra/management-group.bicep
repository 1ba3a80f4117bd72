// Optional: Reader for the watcher on a whole management group (deploy separately, at that scope:
// az deployment mg create --management-group-id <mg> --location <region> --template-file infra/management-group.bicep --parameters watcherPrincipalId=<id>).
targetScope = 'managementGroup'

@description('Principal id of the watcher identity (output WATCHER_PRINCIPAL_ID of main.bicep).')
param watcherPrincipalId string

var readerRoleId = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(managementGroup().id, watcherPrincipalId, readerRoleId)
  properties: {
    principalId: watcherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: tenantResourceId('Microsoft.Authorization/roleDefinitions', readerRoleId)
  }
}
