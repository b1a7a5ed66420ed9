using Blauwdruk.Designer.Components.Handovers;
using Blauwdruk.Engine.Handover;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Blauwdruk.Api.Handovers;

/// <summary>Renders a handover preview as a printable page, from the Designer's <see cref="HandoverPrintout"/> component (the markup lives in Razor, not in strings).</summary>
internal sealed class HandoverPages(IServiceProvider services, ILoggerFactory logging)
{
    public async Task<string> RenderAsync(HandoverPreview preview)
    {
        ArgumentNullException.ThrowIfNull(preview);
        await using var renderer = new HtmlRenderer(services, logging);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<HandoverPrintout>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(HandoverPrintout.Documents)] = preview.Documents,
                [nameof(HandoverPrintout.Heading)] = preview.Heading,
                [nameof(HandoverPrintout.ContentVersion)] = preview.ContentVersion,
            }));
            return output.ToHtmlString();
        });
        return "<!DOCTYPE html>" + html;
    }
}
