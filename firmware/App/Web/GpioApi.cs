using Firmware.Services.Http;

namespace Firmware.App.Web
{
    /// <summary>
    /// /api/gpio: the pin table (<c>{"pins":[{"pin":0,"name":"led","output":true,"value":false},…]}</c>);
    /// /api/gpio/{pin}: GET reads a pin (<c>{"pin":0,"value":true}</c>), PUT drives an output pin with a body of
    /// <c>1</c> or <c>0</c> (400 for anything else, 404 for no such pin, 405 + Allow: GET for an input).
    /// </summary>
    public sealed class GpioApi
    {
        private readonly GpioTable _pins;

        public GpioApi(GpioTable pins)
        {
            _pins = pins;
        }

        /// <summary>PUTs that changed a pin.</summary>
        public int Writes;

        public void List(HttpRequest request, HttpResponse response)
        {
            JsonWriter json = response.Json();
            json.BeginObject();
            json.Name("pins");
            json.BeginArray();
            for (int i = 0; i < _pins.Count; i++)
            {
                json.BeginObject();
                json.Property("pin", i);
                json.Property("name", _pins.GetName(i));
                json.Property("output", _pins.IsOutput(i));
                json.Property("value", _pins.GetPin(i).Read());
                json.EndObject();
            }
            json.EndArray();
            json.EndObject();
        }

        public void Get(HttpRequest request, HttpResponse response)
        {
            int pin;
            if (!Find(request, response, out pin))
            {
                return;
            }
            WritePin(response, pin);
        }

        public void Put(HttpRequest request, HttpResponse response)
        {
            int pin;
            if (!Find(request, response, out pin))
            {
                return;
            }
            if (!_pins.IsOutput(pin))
            {
                response.Status = HttpStatus.MethodNotAllowed;
                response.AddAllow(HttpRouter.AllowGet);
                return;
            }
            int value;
            if (!request.TryGetBodyInt(out value) || (value != 0 && value != 1))
            {
                response.Status = HttpStatus.BadRequest;
                response.Body.WriteAscii("body must be 0 or 1\n");
                return;
            }
            _pins.GetPin(pin).Write(value == 1);
            Writes++;
            WritePin(response, pin);
        }

        private bool Find(HttpRequest request, HttpResponse response, out int pin)
        {
            if (!request.TryGetWildcardInt(out pin) || pin < 0 || pin >= _pins.Count)
            {
                response.Status = HttpStatus.NotFound;
                return false;
            }
            return true;
        }

        private void WritePin(HttpResponse response, int pin)
        {
            JsonWriter json = response.Json();
            json.BeginObject();
            json.Property("pin", pin);
            json.Property("value", _pins.GetPin(pin).Read());
            json.EndObject();
        }
    }
}
